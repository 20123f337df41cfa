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

    private static readonly HashSet<string> KnownCurrencies = System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
        .Select(c => { try { return new System.Globalization.RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>().Where(c => c.Length == 3).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the text is an ISO 4217 currency code in use ("EUR"; case and spaces around it do not matter).</summary>
    public static bool IsKnownCurrency(string? currency) => currency is not null && KnownCurrencies.Contains(currency.Trim().ToUpperInvariant());

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

    /// <summary>
    /// An amount as people write it, in major units: "75,000.00", "75.000,00", "75 000", "1'250.5", "75000". With both
    /// "," and "." the last one is the decimal separator; with one of them once, it is a decimal separator unless exactly
    /// three digits follow ("75,000" is seventy-five thousand). Null when the text is no amount.
    /// </summary>
    public static decimal? ParseMajor(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = new string([.. text.Trim().Where(c => c is not (' ' or '\u00A0' or '\u202F' or '\''))]);
        if (t.Length == 0 || t.Any(c => !(char.IsAsciiDigit(c) || c is ',' or '.'))) return null;
        var lastComma = t.LastIndexOf(',');
        var lastDot = t.LastIndexOf('.');
        char? separator = null;
        if (lastComma >= 0 && lastDot >= 0) separator = lastComma > lastDot ? ',' : '.';
        else if (lastComma >= 0 || lastDot >= 0)
        {
            var mark = lastComma >= 0 ? ',' : '.';
            var at = Math.Max(lastComma, lastDot);
            if (t.Count(c => c == mark) == 1 && t.Length - at - 1 != 3) separator = mark;
        }
        var digits = new System.Text.StringBuilder();
        for (var i = 0; i < t.Length; i++)
        {
            if (char.IsAsciiDigit(t[i])) digits.Append(t[i]);
            else if (t[i] == separator && i == t.LastIndexOf(separator.Value)) digits.Append('.');
        }
        return decimal.TryParse(digits.ToString(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            ? amount : null;
    }

    /// <summary>An amount in minor units as major units of its currency (1250 EUR cents → 12.50).</summary>
    public static decimal ToMajor(long minor, string currency) => minor / Scale(MinorDigits(currency));

    /// <summary>An amount in minor units shown in major units with the currency's minor digits: "1,250.00 EUR", "1,200 JPY".</summary>
    public static string Format(long minor, string currency)
    {
        var digits = MinorDigits(currency);
        return $"{ToMajor(minor, currency).ToString("N" + digits, System.Globalization.CultureInfo.InvariantCulture)} {currency}";
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
