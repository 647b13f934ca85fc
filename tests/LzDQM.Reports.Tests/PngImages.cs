using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace LzDQM.Reports.Tests;

/// <summary>The PNG plots embedded in a report's HTML, checked to be real PNG images.</summary>
public static partial class PngImages
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [GeneratedRegex("<img alt=\"([^\"]*)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">")]
    private static partial Regex ImgTag();

    /// <summary>Every embedded image: its alt text and decoded bytes.</summary>
    public static List<(string Alt, byte[] Png)> In(string html) =>
        [.. ImgTag().Matches(html).Select(m => (m.Groups[1].Value, Convert.FromBase64String(m.Groups[2].Value)))];

    /// <summary>Asserts a PNG signature and an IHDR chunk; returns the image size.</summary>
    public static (int Width, int Height) AssertPng(byte[] png)
    {
        Assert.True(png.Length > 2000, $"a plot of {png.Length} bytes is too small to hold a plot");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
