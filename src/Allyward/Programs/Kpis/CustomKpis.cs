using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Csv;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Kpis;

public sealed record KpiRequest
{
    [Required(ErrorMessage = "Name the KPI."), MaxLength(120, ErrorMessage = "The name is at most 120 characters.")]
    public string? Name { get; init; }

    [MultiLineText, MaxLength(1000, ErrorMessage = "The description is at most 1,000 characters.")]
    public string? Description { get; init; }

    [MaxLength(40, ErrorMessage = "The unit is at most 40 characters.")]
    public string? Unit { get; init; }
}

public sealed record PartnerChoice(Guid Id, string Name);

public sealed record KpiDto(Guid Id, string Name, string Description, string Unit, DateTime CreatedAt);

/// <summary>A partner's value of a KPI over a period (both days included).</summary>
public sealed record KpiValueRequest
{
    [Required(ErrorMessage = "Choose the partner.")]
    public Guid? PartnerId { get; init; }

    [Required(ErrorMessage = "Give the first day of the period.")]
    public DateOnly? PeriodStart { get; init; }

    [Required(ErrorMessage = "Give the last day of the period.")]
    public DateOnly? PeriodEnd { get; init; }

    [Required(ErrorMessage = "Give the value.")]
    public long? Value { get; init; }
}

public sealed record KpiValueItem(Guid Id, Guid KpiId, string Kpi, string Unit, Guid PartnerId, string Partner, DateOnly PeriodStart, DateOnly PeriodEnd, long Value,
    DateTime RecordedAt, string RecordedBy);

public sealed record KpiValueQuery(Guid? KpiId, Guid? PartnerId, int? Page, int? PageSize, string? Sort, string? Search)
{
    public ListQuery List => new(Page, PageSize, Sort, Search);
}

/// <summary>What a value import did, or with <c>dryRun</c> would do, line by line.</summary>
public sealed record KpiImportReport(bool DryRun, int Added, int Changed, int Unchanged, IReadOnlyList<KpiImportLine> Lines, IReadOnlyList<CsvRowError> Errors);

public sealed record KpiImportLine(int Line, Guid PartnerId, string Partner, DateOnly PeriodStart, DateOnly PeriodEnd, long Value, Currencies.ImportAction Action, long? PreviousValue);

/// <summary>
/// Custom KPIs and their values per partner and period, as program admins define them and admins and channel account
/// managers record them (by hand, by API or from CSV). A partner's periods of one KPI never overlap; a value for the
/// very same period replaces the one there. Values may be negative (a net promoter score is), within a trillion either way.
/// </summary>
public sealed class CustomKpis(AllywardDbContext db, TimeProvider time, CurrentUser currentUser)
{
    /// <summary>The largest value either way.</summary>
    public const long MaxValue = 1_000_000_000_000;

    public static readonly string[] CsvColumns = ["partner", "periodStart", "periodEnd", "value"];

    public async Task<Outcome<Paged<KpiDto>>> ListAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        var kpis = await db.CustomKpis.AsNoTracking().OrderBy(k => k.Name).ToListAsync(cancellationToken);
        return kpis.Select(Dto).ToList().ToPage(query);
    }

    public async Task<Outcome<KpiDto>> SaveAsync(Guid? kpiId, KpiRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (errors.Any) return Outcome<KpiDto>.Invalid(errors);
        var name = request.Name!.Trim();
        var kpi = kpiId is { } id ? await db.CustomKpis.SingleOrDefaultAsync(k => k.Id == id, cancellationToken) : new CustomKpi { CreatedAt = time.GetUtcNow().UtcDateTime };
        if (kpi is null) return Outcome<KpiDto>.NotFound("No such KPI.");
        var lower = name.ToLower();
        if (await db.CustomKpis.AnyAsync(k => k.Id != kpi.Id && k.Name.ToLower() == lower, cancellationToken)) return Outcome<KpiDto>.Invalid("name", "A KPI has this name already.");
        kpi.Name = name;
        kpi.Description = request.Description?.Trim() ?? "";
        kpi.Unit = request.Unit?.Trim() ?? "";
        if (kpiId is null) db.CustomKpis.Add(kpi);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (LostRaces.IsLostRace(e))
        {
            return Outcome<KpiDto>.Invalid("name", "A KPI has this name already.");
        }
        return Dto(kpi);
    }

    /// <summary>The partners a value can be set for, by name, for the console's form.</summary>
    public async Task<IReadOnlyList<PartnerChoice>> PartnerChoicesAsync(CancellationToken cancellationToken = default) =>
        await db.PartnerSummaries.Where(p => p.Stage != PartnerStage.Rejected && p.Stage != PartnerStage.Applicant)
            .OrderBy(p => p.Name).Select(p => new PartnerChoice(p.Id, p.Name)).Take(2000).ToListAsync(cancellationToken);

    private sealed record Row
    {
        public required KpiValue Value { get; init; }
        public required string Kpi { get; init; }
        public required string Unit { get; init; }
        public required string Partner { get; init; }
    }

    private static readonly ListShape<Row, KpiValueItem> Shape = new ListShape<Row, KpiValueItem>(r => r.Value.Id,
            r => new KpiValueItem(r.Value.Id, r.Value.KpiId, r.Kpi, r.Unit, r.Value.PartnerId, r.Partner, r.Value.PeriodStart, r.Value.PeriodEnd, r.Value.Value,
                r.Value.RecordedAt, r.Value.RecordedBy),
            defaultSort: "-periodStart")
        .SortBy("periodStart", r => r.Value.PeriodStart)
        .SortBy("partner", r => r.Partner)
        .SortBy("kpi", r => r.Kpi)
        .SortBy("value", r => r.Value.Value)
        .Column("kpi", v => v.Kpi)
        .Column("partner_id", v => v.PartnerId.ToString())
        .Column("partner", v => v.Partner)
        .Column("period_start", v => v.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        .Column("period_end", v => v.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        .Column("value", v => v.Value.ToString(CultureInfo.InvariantCulture))
        .Column("unit", v => v.Unit)
        .Column("recorded_at", v => v.RecordedAt.ToString("O", CultureInfo.InvariantCulture))
        .Column("recorded_by", v => v.RecordedBy);

    private IQueryable<Row> Rows(KpiValueQuery query)
    {
        var values = db.KpiValues.AsNoTracking();
        if (query.KpiId is { } kpiId) values = values.Where(v => v.KpiId == kpiId);
        if (query.PartnerId is { } partnerId) values = values.Where(v => v.PartnerId == partnerId);
        var rows = values.Join(db.CustomKpis, v => v.KpiId, k => k.Id, (v, k) => new { v, k })
            .Join(db.PartnerSummaries, x => x.v.PartnerId, p => p.Id, (x, p) => new Row { Value = x.v, Kpi = x.k.Name, Unit = x.k.Unit, Partner = p.Name });
        if (query.List.SearchText is { } search)
        {
            var lower = search.ToLower();
            rows = rows.Where(r => r.Partner.ToLower().Contains(lower) || r.Kpi.ToLower().Contains(lower));
        }
        return rows;
    }

    public Task<Outcome<Paged<KpiValueItem>>> ValuesAsync(KpiValueQuery query, CancellationToken cancellationToken = default) =>
        Shape.PageAsync(Rows(query), query.List, cancellationToken);

    public Task<Outcome<byte[]>> ExportValuesCsvAsync(KpiValueQuery query, CancellationToken cancellationToken = default) =>
        Shape.CsvAsync(Rows(query), query.List, cancellationToken);

    /// <summary>Sets a partner's value for a period: the value of the very same period is replaced; a period overlapping another is refused.</summary>
    public async Task<Outcome<KpiValueItem>> SetValueAsync(Guid kpiId, KpiValueRequest request, CancellationToken cancellationToken = default)
    {
        var kpi = await db.CustomKpis.AsNoTracking().SingleOrDefaultAsync(k => k.Id == kpiId, cancellationToken);
        if (kpi is null) return Outcome<KpiValueItem>.NotFound("No such KPI.");
        var errors = ValidationErrors.Of(request);
        CheckPeriodAndValue(request.PeriodStart, request.PeriodEnd, request.Value, errors);
        PartnerSummary? partner = null;
        if (request.PartnerId is { } partnerId)
        {
            partner = await db.PartnerSummaries.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
            if (partner is null) errors.Add("partnerId", "No such partner.");
        }
        if (errors.Any) return Outcome<KpiValueItem>.Invalid(errors);
        var (start, end) = (request.PeriodStart!.Value, request.PeriodEnd!.Value);
        var others = await db.KpiValues.Where(v => v.KpiId == kpiId && v.PartnerId == partner!.Id && v.PeriodStart <= end && v.PeriodEnd >= start).ToListAsync(cancellationToken);
        var same = others.SingleOrDefault(v => v.PeriodStart == start && v.PeriodEnd == end);
        if (others.FirstOrDefault(v => v != same) is { } overlapping)
        {
            return Outcome<KpiValueItem>.Invalid("periodStart", $"The period overlaps the value of {Period(overlapping.PeriodStart, overlapping.PeriodEnd)}; change that one or choose another period.");
        }
        var value = same ?? new KpiValue { KpiId = kpiId, PartnerId = partner!.Id, PeriodStart = start, PeriodEnd = end };
        Record(value, request.Value!.Value);
        if (same is null) db.KpiValues.Add(value);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (LostRaces.IsLostRace(e))
        {
            return Outcome<KpiValueItem>.Conflict("Someone recorded a value for this period at the same time; reload and try again.");
        }
        return Item(value, kpi, partner!.Name);
    }

    public async Task<Outcome<bool>> DeleteValueAsync(Guid valueId, CancellationToken cancellationToken = default)
    {
        var value = await db.KpiValues.SingleOrDefaultAsync(v => v.Id == valueId, cancellationToken);
        if (value is null) return Outcome<bool>.NotFound("No such KPI value.");
        db.KpiValues.Remove(value);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Values of one KPI from CSV (columns partner — its id or its domain —, periodStart, periodEnd, value). Every row is
    /// checked first, against the values recorded and against the other rows; with <paramref name="dryRun"/> the report
    /// says what would happen, otherwise one bad row refuses the whole file and nothing is written.
    /// </summary>
    public async Task<Outcome<KpiImportReport>> ImportAsync(Guid kpiId, Stream csv, bool dryRun, CancellationToken cancellationToken = default)
    {
        if (!await db.CustomKpis.AnyAsync(k => k.Id == kpiId, cancellationToken)) return Outcome<KpiImportReport>.NotFound("No such KPI.");
        var read = await CsvUpload.ReadAsync(csv, cancellationToken: cancellationToken);
        if (!read.Succeeded) return Outcome<KpiImportReport>.Invalid(read.Errors!);
        var table = read.Value!;
        if (table.Missing(CsvColumns) is { Count: > 0 } missing)
        {
            return Outcome<KpiImportReport>.Invalid(CsvUpload.Field, $"The file needs the columns {string.Join(", ", CsvColumns)}; it lacks {string.Join(", ", missing)}.");
        }
        if (table.Rows.Count == 0) return Outcome<KpiImportReport>.Invalid(CsvUpload.Field, "The file has no values below its header.");

        var partners = await db.PartnerSummaries.Select(p => new { p.Id, p.Name, p.Domain }).ToListAsync(cancellationToken);
        var byId = partners.ToDictionary(p => p.Id);
        var byDomain = partners.Where(p => !string.IsNullOrWhiteSpace(p.Domain)).GroupBy(p => Domain(p.Domain!)).ToDictionary(g => g.Key, g => g.First());
        var existing = await db.KpiValues.Where(v => v.KpiId == kpiId).ToListAsync(cancellationToken);

        var rowErrors = new List<CsvRowError>();
        var accepted = new List<(int Line, Guid PartnerId, string Partner, DateOnly Start, DateOnly End, long Value)>();
        foreach (var row in table.Rows)
        {
            var errors = new ValidationErrors();
            var partnerText = row["partner"];
            var partner = partnerText.Length == 0 ? null
                : Guid.TryParse(partnerText, out var id) ? byId.GetValueOrDefault(id)
                : byDomain.GetValueOrDefault(Domain(partnerText));
            if (partnerText.Length == 0) errors.Add("partner", "Give the partner's id or its domain.");
            else if (partner is null) errors.Add("partner", $"No partner has the id or domain \"{Short(partnerText)}\".");
            var start = Day(row["periodStart"], "periodStart", errors);
            var end = Day(row["periodEnd"], "periodEnd", errors);
            long? value = long.TryParse(row["value"].Replace(" ", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
            if (value is null) errors.Add("value", $"Write the value as a whole number (\"{Short(row["value"])}\" is not one).");
            CheckPeriodAndValue(start, end, value, errors);
            if (!errors.Any)
            {
                var clash = accepted.FirstOrDefault(a => a.PartnerId == partner!.Id && a.Start <= end && a.End >= start);
                if (clash.Line != 0) errors.Add("periodStart", $"The period overlaps {Period(clash.Start, clash.End)} on line {clash.Line}.");
                else if (existing.FirstOrDefault(x => x.PartnerId == partner!.Id && x.PeriodStart <= end && x.PeriodEnd >= start && !(x.PeriodStart == start && x.PeriodEnd == end)) is { } recorded)
                {
                    errors.Add("periodStart", $"The period overlaps the value of {Period(recorded.PeriodStart, recorded.PeriodEnd)} already recorded.");
                }
            }
            foreach (var (field, messages) in errors.ToDictionary()) rowErrors.Add(new CsvRowError(row.Line, field, messages[0]));
            if (!errors.Any) accepted.Add((row.Line, partner!.Id, partner.Name, start!.Value, end!.Value, value!.Value));
        }

        var lines = accepted.Select(a => existing.FirstOrDefault(x => x.PartnerId == a.PartnerId && x.PeriodStart == a.Start && x.PeriodEnd == a.End) is { } same
                ? new KpiImportLine(a.Line, a.PartnerId, a.Partner, a.Start, a.End, a.Value, same.Value == a.Value ? Currencies.ImportAction.Unchanged : Currencies.ImportAction.Change, same.Value)
                : new KpiImportLine(a.Line, a.PartnerId, a.Partner, a.Start, a.End, a.Value, Currencies.ImportAction.Add, null))
            .ToList();
        var report = new KpiImportReport(dryRun, lines.Count(l => l.Action == Currencies.ImportAction.Add), lines.Count(l => l.Action == Currencies.ImportAction.Change),
            lines.Count(l => l.Action == Currencies.ImportAction.Unchanged), lines, rowErrors);
        if (dryRun) return report;
        if (rowErrors.Count > 0) return Outcome<KpiImportReport>.Invalid(CsvRowError.ToValidationErrors(rowErrors));

        foreach (var line in lines.Where(l => l.Action != Currencies.ImportAction.Unchanged))
        {
            var value = existing.FirstOrDefault(x => x.PartnerId == line.PartnerId && x.PeriodStart == line.PeriodStart && x.PeriodEnd == line.PeriodEnd);
            if (value is null)
            {
                value = new KpiValue { KpiId = kpiId, PartnerId = line.PartnerId, PeriodStart = line.PeriodStart, PeriodEnd = line.PeriodEnd };
                db.KpiValues.Add(value);
            }
            Record(value, line.Value);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (LostRaces.IsLostRace(e))
        {
            db.ChangeTracker.Clear();
            return Outcome<KpiImportReport>.Conflict("Someone recorded some of these values at the same time; nothing was imported. Try again.");
        }
        return report;
    }

    private void Record(KpiValue value, long amount)
    {
        value.Value = amount;
        value.RecordedAt = time.GetUtcNow().UtcDateTime;
        value.RecordedBy = currentUser.Name;
    }

    private static void CheckPeriodAndValue(DateOnly? start, DateOnly? end, long? value, ValidationErrors errors)
    {
        if (start is { } s && end is { } e && e < s) errors.Add("periodEnd", "The period ends on or after the day it starts.");
        if (value is { } v && (v > MaxValue || v < -MaxValue)) errors.Add("value", "The value is at most a trillion either way.");
    }

    private static DateOnly? Day(string text, string field, ValidationErrors errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(field, $"Write the date as YYYY-MM-DD (\"{Short(text)}\" is not one).");
        return null;
    }

    private static string Domain(string text)
    {
        var d = text.Trim().ToLowerInvariant();
        if (d.StartsWith("https://")) d = d[8..];
        else if (d.StartsWith("http://")) d = d[7..];
        if (d.StartsWith("www.")) d = d[4..];
        return d.TrimEnd('/');
    }

    /// <summary>A period as the messages name it: "2026-01-01 to 2026-03-31".</summary>
    internal static string Period(DateOnly start, DateOnly end) => $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}";

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static KpiDto Dto(CustomKpi k) => new(k.Id, k.Name, k.Description, k.Unit, k.CreatedAt);

    private static KpiValueItem Item(KpiValue v, CustomKpi k, string partner) =>
        new(v.Id, v.KpiId, k.Name, k.Unit, v.PartnerId, partner, v.PeriodStart, v.PeriodEnd, v.Value, v.RecordedAt, v.RecordedBy);
}
