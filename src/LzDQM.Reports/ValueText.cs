using System.Globalization;

namespace LzDQM.Reports;

/// <summary>Numbers as a physicist writes them: the error to two significant digits, the value to the same decimal. Pure.</summary>
public static class ValueText
{
    /// <summary><c>7.60 ± 0.46</c>, or the value alone to four significant digits.</summary>
    public static string WithError(double value, double? error)
    {
        if (error is not { } e || !(e > 0) || !double.IsFinite(e))
        {
            return Plain(value);
        }

        var decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(e)), 0, 12);
        return Fixed(value, decimals) + " ± " + Fixed(e, decimals);
    }

    /// <summary>A value to four significant digits.</summary>
    public static string Plain(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 12);
        return Fixed(value, decimals);
    }

    /// <summary>Minutes with one decimal.</summary>
    public static string Minutes(double minutes) => minutes.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Fixed(double v, int decimals) => v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
