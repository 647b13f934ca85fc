namespace LzDQM.Reports;

/// <summary>One plot of the report: a title, a caption for people, and the rendered PNG. Immutable.</summary>
/// <param name="Id">Anchor id, unique within the report.</param>
/// <param name="Title">Panel title.</param>
/// <param name="Caption">What to look at.</param>
/// <param name="Png">The plot as PNG bytes.</param>
public sealed record ReportPanel(string Id, string Title, string Caption, byte[] Png);
