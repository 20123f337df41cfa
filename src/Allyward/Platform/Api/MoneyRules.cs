namespace Allyward.Platform.Api;

/// <summary>
/// Amounts are whole minor units of an ISO 4217 currency (cents of EUR, yen of JPY, fils of KWD). An amount above a
/// trillion major units of its currency is a typing error or an attack on totals and reports, never a deal: it is refused.
/// </summary>
public static class MoneyRules
{
    /// <summary>The largest amount in major units of any currency.</summary>
    public const long MaxMajorUnits = 1_000_000_000_000;

    // ISO 4217 currencies whose minor unit is not a hundredth; every other currency has two minor digits.
    private static readonly Dictionary<string, int> MinorDigitsByCurrency = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0, ["PYG"] = 0,
        ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    };

    /// <summary>How many digits of an amount in the currency are minor units (2 for EUR, 0 for JPY, 3 for KWD).</summary>
    public static int MinorDigits(string currency) => MinorDigitsByCurrency.GetValueOrDefault(currency.Trim(), 2);

    /// <summary>The largest amount in minor units of the currency: a trillion major units.</summary>
    public static long MaxMinorUnits(string currency)
    {
        var max = MaxMajorUnits;
        for (var i = 0; i < MinorDigits(currency); i++) max *= 10;
        return max;
    }

    /// <summary>
    /// An amount typed in major units (12.50 EUR, 1200 JPY) as minor units of the currency, rounded to its minor digits;
    /// null when it cannot be one (beyond what a <see cref="long"/> holds), for the caller to refuse.
    /// </summary>
    public static long? ToMinorUnits(decimal major, string? currency)
    {
        var digits = MinorDigits(currency ?? "");
        try
        {
            var minor = Math.Round(major, digits, MidpointRounding.AwayFromZero) * Scale(digits);
            return minor is > long.MaxValue or < long.MinValue ? null : (long)minor;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>An amount in minor units shown in major units with the currency's minor digits: "1,250.00 EUR", "1,200 JPY".</summary>
    public static string Format(long minor, string currency)
    {
        var digits = MinorDigits(currency);
        return $"{(minor / Scale(digits)).ToString("N" + digits, System.Globalization.CultureInfo.InvariantCulture)} {currency}";
    }

    private static decimal Scale(int digits)
    {
        var scale = 1m;
        for (var i = 0; i < digits; i++) scale *= 10;
        return scale;
    }

    /// <summary>Why the amount is refused, or null when it is acceptable.</summary>
    public static string? Problem(long amount, string currency)
    {
        if (amount < 0) return "The amount cannot be negative.";
        var code = currency.Trim().ToUpperInvariant();
        return amount > MaxMinorUnits(code)
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The amount is at most a trillion {code} ({MaxMinorUnits(code):N0} in minor units).")
            : null;
    }
}
