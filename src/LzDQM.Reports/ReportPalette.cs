using ScottPlot;

namespace LzDQM.Reports;

/// <summary>Okabe–Ito colours: distinguishable with every common colour-vision deficiency and in greyscale print.</summary>
internal static class ReportPalette
{
    public static readonly Color Blue = Color.FromHex("#0072B2");
    public static readonly Color Orange = Color.FromHex("#E69F00");
    public static readonly Color Green = Color.FromHex("#009E73");
    public static readonly Color Purple = Color.FromHex("#CC79A7");
    public static readonly Color Sky = Color.FromHex("#56B4E9");
    public static readonly Color Vermillion = Color.FromHex("#D55E00");
    public static readonly Color Yellow = Color.FromHex("#F0E442");
    public static readonly Color Black = Color.FromHex("#000000");
    public static readonly Color Grey = Color.FromHex("#6E6E6E");

    /// <summary>Series colours in order (vermillion is kept for anomaly onsets).</summary>
    public static readonly Color[] Series = [Blue, Orange, Green, Purple, Sky, Grey];

    /// <summary>Anomaly onsets.</summary>
    public static readonly Color Onset = Vermillion;
}
