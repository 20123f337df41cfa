using System.Globalization;

namespace Allyward.Deals;

/// <summary>Deal amounts are stored in the currency's minor units; people read and write them in major units.</summary>
public static class DealMoney
{
    /// <summary>Minor digits per ISO 4217 code, read from the cultures that use each currency (JPY 0, EUR 2, BHD 3).</summary>
    private static readonly Dictionary<string, int> MinorDigits = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return (Code: new RegionInfo(c.Name).ISOCurrencySymbol, Digits: c.NumberFormat.CurrencyDecimalDigits); } catch (ArgumentException) { return (Code: "", Digits: 2); } })
        .Where(c => c.Code.Length == 3)
        .GroupBy(c => c.Code, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Digits).OrderByDescending(d => d.Count()).First().Key, StringComparer.Ordinal);

    public static int DigitsOf(string currency) => MinorDigits.GetValueOrDefault(currency.ToUpperInvariant(), 2);

    /// <summary>"75,000.00 EUR" from 7,500,000 minor units of EUR.</summary>
    public static string Format(long minor, string currency, IFormatProvider? format = null)
    {
        var digits = DigitsOf(currency);
        var major = minor / (decimal)Math.Pow(10, digits);
        return $"{major.ToString($"N{digits}", format ?? CultureInfo.CurrentCulture)} {currency}";
    }
}
