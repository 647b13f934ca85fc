using ScottPlot;
using SkiaSharp;

namespace LzDQM.Reports;

/// <summary>
/// The plots' font, DejaVu Sans, loaded from this assembly rather than the system: SkiaSharp's
/// dependency-free Linux build finds no fonts on a bare machine and would draw empty labels.
/// <see cref="Register"/> is idempotent and thread-safe.
/// </summary>
internal sealed class ReportFont : IFontResolver
{
    /// <summary>The family name plots ask for.</summary>
    public const string Family = "LzDQM DejaVu Sans";

    private static readonly Lazy<ReportFont> Instance = new(() =>
    {
        var font = new ReportFont();
        Fonts.FontResolvers.Insert(0, font);
        return font;
    });

    private readonly SKTypeface _regular = Load("DejaVuSans.ttf");
    private readonly SKTypeface _bold = Load("DejaVuSans-Bold.ttf");

    /// <summary>Makes <see cref="Family"/> resolvable by ScottPlot (once per process).</summary>
    public static void Register() => _ = Instance.Value;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
        fontName == Family ? (weight >= FontWeight.SemiBold ? _bold : _regular) : null;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == Family ? (bold ? _bold : _regular) : null;

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFont).Assembly.GetManifestResourceStream("LzDQM.Reports.Fonts." + file)
            ?? throw new InvalidOperationException($"embedded font {file} is missing from LzDQM.Reports");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        // SKData copies the bytes, so the typeface never reads from a disposed stream.
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"embedded font {file} does not load");
    }
}
