using System.Globalization;
using Allyward.Platform.Api;
using Allyward.Platform.Csv;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Currencies;

public sealed record ExchangeRateItem(Guid Id, string From, string To, DateOnly EffectiveOn, decimal Rate);

/// <param name="From">Only rates from this currency.</param>
/// <param name="To">Only rates into this currency.</param>
/// <param name="OnOrBefore">Only rates that took effect on or before this day.</param>
public sealed record ExchangeRateQuery(string? From, string? To, DateOnly? OnOrBefore, int? Page, int? PageSize, string? Sort, string? Search)
{
    public ListQuery List => new(Page, PageSize, Sort, Search);
}

/// <summary>One unit of <see cref="From"/> is worth <see cref="Rate"/> units of <see cref="To"/> from <see cref="EffectiveOn"/>.</summary>
public sealed record ExchangeRateRequest
{
    public string? From { get; init; }
    public string? To { get; init; }
    public DateOnly? EffectiveOn { get; init; }
    public decimal? Rate { get; init; }
}

public sealed record ChangeRateRequest
{
    public decimal? Rate { get; init; }
}

/// <summary>What an import did, or with <c>dryRun</c> would do: rates added, changed and already as in the file, row by row.</summary>
public sealed record RateImportReport(bool DryRun, int Added, int Changed, int Unchanged, IReadOnlyList<RateImportLine> Lines, IReadOnlyList<CsvRowError> Errors);

public enum ImportAction { Add, Change, Unchanged }

public static class ImportActionLabels
{
    public static string Label(this ImportAction action) => action switch
    {
        ImportAction.Add => "New",
        ImportAction.Change => "Changed",
        _ => "Same as now",
    };
}

public sealed record RateImportLine(int Line, string From, string To, DateOnly EffectiveOn, decimal Rate, ImportAction Action, decimal? PreviousRate);

/// <summary>An amount converted at the rate of its day, with the rate used and the day that rate took effect.</summary>
public sealed record Conversion(long Amount, string From, string To, DateOnly On, long Converted, decimal Rate, DateOnly RateEffectiveOn);

/// <summary>Exchange rates as finance and program admins keep them: listed, added, changed, removed, imported from CSV, and used to convert.</summary>
public sealed class ExchangeRates(AllywardDbContext db)
{
    /// <summary>The largest rate accepted: no currency is worth a billion units of another.</summary>
    public const decimal MaxRate = 1_000_000_000m;

    /// <summary>The finest rate kept (the column keeps ten decimal places).</summary>
    public const int MaxRateDecimals = 10;

    public static readonly string[] CsvColumns = ["from", "to", "date", "rate"];

    private static readonly ListShape<ExchangeRate, ExchangeRateItem> Shape = new ListShape<ExchangeRate, ExchangeRateItem>(r => r.Id,
            r => new ExchangeRateItem(r.Id, r.FromCurrency, r.ToCurrency, r.EffectiveOn, r.Rate), defaultSort: "-effectiveOn")
        .SortBy("effectiveOn", r => r.EffectiveOn)
        .SortBy("from", r => r.FromCurrency)
        .SortBy("to", r => r.ToCurrency)
        .Column("from", r => r.From)
        .Column("to", r => r.To)
        .Column("date", r => r.EffectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        .Column("rate", r => RateText(r.Rate));

    public Task<Outcome<Paged<ExchangeRateItem>>> ListAsync(ExchangeRateQuery query, CancellationToken cancellationToken = default) =>
        Filter(query) is { } errors ? Task.FromResult(Outcome<Paged<ExchangeRateItem>>.Invalid(errors)) : Shape.PageAsync(Rows(query), query.List, cancellationToken);

    public Task<Outcome<byte[]>> ExportCsvAsync(ExchangeRateQuery query, CancellationToken cancellationToken = default) =>
        Filter(query) is { } errors ? Task.FromResult(Outcome<byte[]>.Invalid(errors)) : Shape.CsvAsync(Rows(query), query.List, cancellationToken);

    private static ValidationErrors? Filter(ExchangeRateQuery query)
    {
        var errors = new ValidationErrors();
        if (query.From is { } from && !MoneyRules.IsKnownCurrency(from)) errors.Add("from", "Give an ISO currency code, such as EUR.");
        if (query.To is { } to && !MoneyRules.IsKnownCurrency(to)) errors.Add("to", "Give an ISO currency code, such as USD.");
        return errors.Any ? errors : null;
    }

    private IQueryable<ExchangeRate> Rows(ExchangeRateQuery query)
    {
        var rows = db.ExchangeRates.AsNoTracking();
        if (query.From is { } from) rows = rows.Where(r => r.FromCurrency == Code(from));
        if (query.To is { } to) rows = rows.Where(r => r.ToCurrency == Code(to));
        if (query.OnOrBefore is { } day) rows = rows.Where(r => r.EffectiveOn <= day);
        if (query.List.SearchText is { } search) rows = rows.Where(r => r.FromCurrency == Code(search) || r.ToCurrency == Code(search));
        return rows;
    }

    private static string Code(string currency) => currency.Trim().ToUpperInvariant();

    public async Task<Outcome<ExchangeRateItem>> AddAsync(ExchangeRateRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var (from, to) = CheckPair(request.From, request.To, errors);
        if (request.EffectiveOn is null) errors.Add("effectiveOn", "Give the day the rate takes effect.");
        CheckRate(request.Rate, errors);
        if (errors.Any) return Outcome<ExchangeRateItem>.Invalid(errors);
        var day = request.EffectiveOn!.Value;
        if (await db.ExchangeRates.AsNoTracking().SingleOrDefaultAsync(r => r.FromCurrency == from && r.ToCurrency == to && r.EffectiveOn == day, cancellationToken) is { } existing)
        {
            return Outcome<ExchangeRateItem>.Conflict($"{from}→{to} has a rate on {day:yyyy-MM-dd} already ({RateText(existing.Rate)}); change that one instead.", Item(existing));
        }
        var rate = new ExchangeRate { FromCurrency = from, ToCurrency = to, EffectiveOn = day, Rate = request.Rate!.Value };
        db.ExchangeRates.Add(rate);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (LostRaces.IsLostRace(e))
        {
            return Outcome<ExchangeRateItem>.Conflict($"{from}→{to} has a rate on {day:yyyy-MM-dd} already; change that one instead.");
        }
        return Item(rate);
    }

    public async Task<Outcome<ExchangeRateItem>> ChangeAsync(Guid rateId, ChangeRateRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        CheckRate(request.Rate, errors);
        if (errors.Any) return Outcome<ExchangeRateItem>.Invalid(errors);
        var rate = await db.ExchangeRates.SingleOrDefaultAsync(r => r.Id == rateId, cancellationToken);
        if (rate is null) return Outcome<ExchangeRateItem>.NotFound("No such exchange rate.");
        rate.Rate = request.Rate!.Value;
        await db.SaveChangesAsync(cancellationToken);
        return Item(rate);
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid rateId, CancellationToken cancellationToken = default)
    {
        var rate = await db.ExchangeRates.SingleOrDefaultAsync(r => r.Id == rateId, cancellationToken);
        if (rate is null) return Outcome<bool>.NotFound("No such exchange rate.");
        db.ExchangeRates.Remove(rate);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Rates from CSV (columns from, to, date, rate). Every row is checked first; with <paramref name="dryRun"/> the report
    /// says what would happen, otherwise one bad row refuses the whole file and nothing is written. A pair and day that has
    /// a rate already gets the file's rate.
    /// </summary>
    public async Task<Outcome<RateImportReport>> ImportAsync(Stream csv, bool dryRun, CancellationToken cancellationToken = default)
    {
        var read = await CsvUpload.ReadAsync(csv, cancellationToken: cancellationToken);
        if (!read.Succeeded) return Outcome<RateImportReport>.Invalid(read.Errors!);
        var table = read.Value!;
        if (table.Missing(CsvColumns) is { Count: > 0 } missing)
        {
            return Outcome<RateImportReport>.Invalid(CsvUpload.Field, $"The file needs the columns {string.Join(", ", CsvColumns)}; it lacks {string.Join(", ", missing)}.");
        }
        if (table.Rows.Count == 0) return Outcome<RateImportReport>.Invalid(CsvUpload.Field, "The file has no rates below its header.");

        var rowErrors = new List<CsvRowError>();
        var parsed = new List<(int Line, string From, string To, DateOnly On, decimal Rate)>();
        var seen = new Dictionary<(string, string, DateOnly), int>();
        foreach (var row in table.Rows)
        {
            var errors = new ValidationErrors();
            var (from, to) = CheckPair(row["from"], row["to"], errors);
            DateOnly? day = DateOnly.TryParseExact(row["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            if (day is null) errors.Add("date", $"Write the date as YYYY-MM-DD (\"{Short(row["date"])}\" is not one).");
            var rate = ParseRate(row["rate"]);
            if (rate is null) errors.Add("rate", $"Write the rate as a number, such as 1.0825 (\"{Short(row["rate"])}\" is not one).");
            else CheckRate(rate, errors);
            foreach (var (field, messages) in errors.ToDictionary()) rowErrors.Add(new CsvRowError(row.Line, field, messages[0]));
            if (errors.Any) continue;
            if (seen.TryGetValue((from, to, day!.Value), out var first))
            {
                rowErrors.Add(new CsvRowError(row.Line, "", $"{from}→{to} on {day:yyyy-MM-dd} is on line {first} already."));
                continue;
            }
            seen[(from, to, day.Value)] = row.Line;
            parsed.Add((row.Line, from, to, day.Value, rate!.Value));
        }

        var pairs = parsed.Select(p => p.From + p.To).Distinct().ToList();
        var days = parsed.Select(p => p.On).Distinct().ToList();
        var existing = pairs.Count == 0 ? [] : await db.ExchangeRates
            .Where(r => pairs.Contains(r.FromCurrency + r.ToCurrency) && days.Contains(r.EffectiveOn)).ToListAsync(cancellationToken);
        var byKey = existing.ToDictionary(r => (r.FromCurrency, r.ToCurrency, r.EffectiveOn));
        var lines = parsed.Select(p => byKey.TryGetValue((p.From, p.To, p.On), out var current)
                ? new RateImportLine(p.Line, p.From, p.To, p.On, p.Rate, current.Rate == p.Rate ? ImportAction.Unchanged : ImportAction.Change, current.Rate)
                : new RateImportLine(p.Line, p.From, p.To, p.On, p.Rate, ImportAction.Add, null))
            .ToList();
        var report = new RateImportReport(dryRun, lines.Count(l => l.Action == ImportAction.Add), lines.Count(l => l.Action == ImportAction.Change),
            lines.Count(l => l.Action == ImportAction.Unchanged), lines, rowErrors);
        if (dryRun) return report;
        if (rowErrors.Count > 0) return Outcome<RateImportReport>.Invalid(CsvRowError.ToValidationErrors(rowErrors));

        foreach (var line in lines)
        {
            if (byKey.TryGetValue((line.From, line.To, line.EffectiveOn), out var current)) current.Rate = line.Rate;
            else db.ExchangeRates.Add(new ExchangeRate { FromCurrency = line.From, ToCurrency = line.To, EffectiveOn = line.EffectiveOn, Rate = line.Rate });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (LostRaces.IsLostRace(e))
        {
            db.ChangeTracker.Clear();
            return Outcome<RateImportReport>.Conflict("Someone added some of these rates at the same time; nothing was imported. Try again.");
        }
        return report;
    }

    /// <summary>An amount in minor units of one currency in minor units of another, at the rate of the day (see <see cref="ExchangeRateTable"/>).</summary>
    public async Task<Outcome<Conversion>> ConvertAsync(long? amount, string? from, string? to, DateOnly? on, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (amount is null) errors.Add("amount", "Give the amount in minor units (cents).");
        if (!MoneyRules.IsKnownCurrency(from)) errors.Add("from", "Give an ISO currency code, such as EUR.");
        if (!MoneyRules.IsKnownCurrency(to)) errors.Add("to", "Give an ISO currency code, such as USD.");
        if (on is null) errors.Add("on", "Give the day, such as the deal's close date.");
        if (amount is { } a && MoneyRules.IsKnownCurrency(from) && MoneyRules.Problem(a, Code(from!)) is { } problem) errors.Add("amount", problem);
        if (errors.Any) return Outcome<Conversion>.Invalid(errors);
        var (source, target, day) = (Code(from!), Code(to!), on!.Value);
        var table = await ExchangeRateTable.LoadAsync(db, target, cancellationToken);
        if (table.RateWithDayOn(source, day) is not { } rate) return Outcome<Conversion>.NotFound($"No rate from {source} to {target} is known on or before {day:yyyy-MM-dd}.");
        long? converted;
        try
        {
            converted = table.Convert(amount!.Value, source, day);
        }
        catch (OverflowException)
        {
            converted = null;
        }
        if (converted is not { } result || MoneyRules.Problem(Math.Abs(result), target) is not null)
        {
            return Outcome<Conversion>.Invalid("amount", $"The converted amount would be more than a trillion {target}.");
        }
        return new Conversion(amount!.Value, source, target, day, result, rate.Rate, rate.EffectiveOn);
    }

    /// <summary>Both currencies, normalized, with their field errors added.</summary>
    private static (string From, string To) CheckPair(string? from, string? to, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(from)) errors.Add("from", "Give the currency the rate converts from, such as EUR.");
        else if (!MoneyRules.IsKnownCurrency(from)) errors.Add("from", $"\"{Short(from)}\" is not an ISO currency code.");
        if (string.IsNullOrWhiteSpace(to)) errors.Add("to", "Give the currency the rate converts to, such as USD.");
        else if (!MoneyRules.IsKnownCurrency(to)) errors.Add("to", $"\"{Short(to)}\" is not an ISO currency code.");
        var (f, t) = (Code(from ?? ""), Code(to ?? ""));
        if (f.Length > 0 && f == t) errors.Add("to", "A rate converts between two different currencies.");
        return (f, t);
    }

    private static void CheckRate(decimal? rate, ValidationErrors errors)
    {
        if (rate is null) errors.Add("rate", "Give the rate: how many units of the second currency one unit of the first is worth.");
        else if (rate <= 0) errors.Add("rate", "The rate must be more than zero.");
        else if (rate > MaxRate) errors.Add("rate", "The rate is at most 1,000,000,000.");
        else if (rate.Value.Scale > MaxRateDecimals && decimal.Round(rate.Value, MaxRateDecimals) != rate.Value) errors.Add("rate", $"The rate has at most {MaxRateDecimals} decimal places.");
        else if (decimal.Round(rate.Value, MaxRateDecimals) == 0) errors.Add("rate", "The rate must be more than zero.");
    }

    /// <summary>A rate as spreadsheets write it: "1.0825", or "1,0825" where the comma is the decimal mark; with both marks the last one is.</summary>
    internal static decimal? ParseRate(string text)
    {
        var t = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c is not ('\'' or '\u00A0'))]);
        if (t.Length == 0 || t.Any(c => !(char.IsAsciiDigit(c) || c is ',' or '.'))) return null;
        var mark = t.LastIndexOfAny([',', '.']);
        var digits = mark < 0 ? t : new string([.. t[..mark].Where(char.IsAsciiDigit)]) + "." + t[(mark + 1)..];
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) ? rate : null;
    }

    /// <summary>A rate as people write it, without the trailing zeros the database may add: "1.0825".</summary>
    public static string RateText(decimal rate) => rate.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= 20 ? text : text[..20] + "…";

    private static ExchangeRateItem Item(ExchangeRate r) => new(r.Id, r.FromCurrency, r.ToCurrency, r.EffectiveOn, r.Rate);
}
