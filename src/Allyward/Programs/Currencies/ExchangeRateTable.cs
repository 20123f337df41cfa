using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Currencies;

/// <summary>
/// The rates into one currency, loaded once, for converting many amounts. An amount converts at the rate in effect on
/// its day: the latest rate of the pair effective on or before it, stated either way round (EUR→USD 1.08, or USD→EUR
/// 0.926 read as its inverse); when both are stated, the later one counts, and on the same day the direct one. The
/// result is rounded half away from zero to the target currency's minor digits, amount by amount.
/// </summary>
public sealed class ExchangeRateTable
{
    private readonly string _to;
    private readonly Dictionary<string, (DateOnly On, decimal Rate)[]> _byCurrency;

    private ExchangeRateTable(string to, Dictionary<string, (DateOnly On, decimal Rate)[]> byCurrency) => (_to, _byCurrency) = (to, byCurrency);

    public string Currency => _to;

    public static async Task<ExchangeRateTable> LoadAsync(AllywardDbContext db, string toCurrency, CancellationToken cancellationToken = default)
    {
        var to = toCurrency.Trim().ToUpperInvariant();
        var rows = await db.ExchangeRates.AsNoTracking().Where(r => r.ToCurrency == to || r.FromCurrency == to).ToListAsync(cancellationToken);
        return FromRates(to, rows);
    }

    /// <summary>A table of the given rates into <paramref name="toCurrency"/> (rates of other pairs are ignored), for rates already loaded.</summary>
    public static ExchangeRateTable FromRates(string toCurrency, IEnumerable<ExchangeRate> rates)
    {
        var to = toCurrency.Trim().ToUpperInvariant();
        var byCurrency = rates
            .Where(r => r.ToCurrency == to || r.FromCurrency == to)
            .Select(r => r.ToCurrency == to
                ? (Currency: r.FromCurrency, r.EffectiveOn, Rate: r.Rate, Direct: true)
                : (Currency: r.ToCurrency, r.EffectiveOn, Rate: 1m / r.Rate, Direct: false))
            .GroupBy(r => r.Currency)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.EffectiveOn).ThenBy(r => r.Direct).Select(r => (r.EffectiveOn, r.Rate)).ToArray());
        return new ExchangeRateTable(to, byCurrency);
    }

    /// <summary>The rate of one unit of <paramref name="fromCurrency"/> in this table's currency on a day, or null when none is known by then.</summary>
    public decimal? RateOn(string fromCurrency, DateOnly on) => RateWithDayOn(fromCurrency, on)?.Rate;

    /// <summary>The rate of one unit of <paramref name="fromCurrency"/> on a day and the day that rate took effect (the day itself for the table's own currency), or null when none is known by then.</summary>
    public (decimal Rate, DateOnly EffectiveOn)? RateWithDayOn(string fromCurrency, DateOnly on)
    {
        var from = fromCurrency.Trim().ToUpperInvariant();
        if (from == _to) return (1m, on);
        if (!_byCurrency.TryGetValue(from, out var rates)) return null;
        // The last rate effective on or before the day; rates are sorted by day, the direct one last on a shared day.
        var low = 0;
        var high = rates.Length - 1;
        var found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (rates[mid].On <= on) (found, low) = (mid, mid + 1);
            else high = mid - 1;
        }
        return found < 0 ? null : (rates[found].Rate, rates[found].On);
    }

    /// <summary>An amount in minor units of <paramref name="fromCurrency"/> in minor units of this table's currency, or null when no rate is known on that day.</summary>
    public long? Convert(long amountMinor, string fromCurrency, DateOnly on)
    {
        if (RateOn(fromCurrency, on) is not { } rate) return null;
        if (rate == 1m && string.Equals(fromCurrency.Trim(), _to, StringComparison.OrdinalIgnoreCase)) return amountMinor;
        return MoneyRules.ToMinorUnits(MoneyRules.ToMajor(amountMinor, fromCurrency) * rate, _to);
    }
}
