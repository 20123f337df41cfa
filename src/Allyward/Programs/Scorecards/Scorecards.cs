using Allyward.Deals.Contracts;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Programs.Currencies;
using Allyward.Programs.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Scorecards;

public sealed record ScorecardDto(Guid PartnerId, string Partner, IReadOnlyList<ProgramStanding> Programs, IReadOnlyList<TierChangeItem> History, TrendDto Trend);

/// <param name="Since">When the partner reached its tier; null when it joins the program at its next evaluation.</param>
/// <param name="NextEvaluationOn">When the scheduled evaluation next runs: what is missing counts by then.</param>
public sealed record ProgramStanding(
    Guid ProgramId, string Program, string Currency, TierSummary Tier, DateTime? Since, AtRiskDto? AtRisk, TierSummary? NextTier,
    IReadOnlyList<RequirementProgress> NextTierRequirements, int OptionalNeeded, int NextTierProgress, IReadOnlyList<string> Missing,
    DateOnly NextEvaluationOn, string? PendingPromotionTo, IReadOnlyList<TierSummary> Ladder, IReadOnlyList<string> CurrenciesWithoutRate);

public sealed record TierSummary(Guid Id, string Name, int Rank, TierBenefits Benefits);

public sealed record AtRiskDto(string WouldBecome, DateTime GraceEndsAt, IReadOnlyList<string> Missing);

public sealed record RequirementProgress(RequirementKind Kind, string Label, long Value, long Target, int Percent, bool Met, bool Required, string? Missing);

public sealed record TierChangeItem(Guid Id, Guid ProgramId, string? FromTier, string ToTier, DateTime At, string Reason, string By);

/// <summary>Won revenue (in <see cref="Currency"/>) and won deals per month, oldest first, for the last twelve months.</summary>
public sealed record TrendDto(string Currency, IReadOnlyList<string> Months, IReadOnlyList<long> Revenue, IReadOnlyList<int> Deals);

/// <summary>
/// Where a partner stands in each program it belongs to: its tier and benefits, and for the tier above each
/// requirement measured now with what is missing; its tier history; and its trend of won business.
/// </summary>
public sealed class Scorecards(AllywardDbContext db, TimeProvider time, PartnerMetrics metrics, Platform.Isolation.CurrentUser currentUser)
{
    /// <summary>The signed-in partner user's own organization's scorecard.</summary>
    public Task<Outcome<ScorecardDto>> MineAsync(CancellationToken cancellationToken = default) =>
        currentUser.PartnerId is { } partnerId ? ForAsync(partnerId, cancellationToken) : Task.FromResult(Outcome<ScorecardDto>.NotFound("Only partner users have a scorecard of their own."));

    public async Task<Outcome<ScorecardDto>> ForAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSummaries.Where(p => p.Id == partnerId).Select(p => new { p.Id, p.Name, p.Type, p.Stage }).SingleOrDefaultAsync(cancellationToken);
        if (partner is null) return Outcome<ScorecardDto>.NotFound("No such partner.");
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var memberships = await db.ProgramMemberships.AsNoTracking().Where(m => m.PartnerId == partnerId).ToListAsync(cancellationToken);
        // The programs it belongs to, and those it joins at their next evaluation.
        var evaluated = ProgramEvaluator.EvaluatedStages.Contains(partner.Stage);
        var programs = (await db.Programs.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken))
            .Where(p => memberships.Any(m => m.ProgramId == p.Id) || (evaluated && p.IsFor(partner.Type))).ToList();
        var programIds = programs.Select(p => p.Id).ToList();
        var allTiers = await db.Tiers.AsNoTracking().Where(t => programIds.Contains(t.ProgramId)).ToListAsync(cancellationToken);
        var pending = await db.TierProposals.AsNoTracking().Where(p => p.PartnerId == partnerId && p.Status == ProposalStatus.Pending)
            .ToDictionaryAsync(p => p.ProgramId, p => p.ToTier, cancellationToken);
        var names = programs.Count == 0 ? RequirementNames.None : await ProgramEvaluator.NamesAsync(db, cancellationToken);

        var standings = new List<ProgramStanding>();
        foreach (var program in programs)
        {
            var membership = memberships.SingleOrDefault(m => m.ProgramId == program.Id);
            var ladder = new TierLadder(program, allTiers.Where(t => t.ProgramId == program.Id), today, names);
            if (ladder.Tiers.Count == 0) continue;
            var values = await metrics.ComputeAsync(ladder.Requests, program.Currency, [partnerId], cancellationToken);
            var tier = ladder.Tiers.SingleOrDefault(t => t.Id == membership?.TierId) ?? ladder.Entry;
            var next = ladder.Above(tier);
            var nextResults = next is null ? null : ladder.Judge(next, partnerId, values);
            AtRiskDto? atRisk = null;
            if (membership?.AtRiskSince is not null)
            {
                var shortOf = ladder.Judge(tier, partnerId, values);
                atRisk = new AtRiskDto(ladder.Tiers.SingleOrDefault(t => t.Id == membership.AtRiskOfTierId)?.Name ?? ladder.Entry.Name, membership.GraceEndsAt!.Value,
                    [.. shortOf.Items.Select(r => TierLadder.Missing(r, program.Currency)).OfType<string>()]);
            }
            var nextEvaluation = NextEvaluationOn(program, today);
            standings.Add(new ProgramStanding(
                program.Id, program.Name, program.Currency, Summary(tier), membership?.Since, atRisk, next is null ? null : Summary(next),
                nextResults is null ? [] : [.. nextResults.Items.Select(r => new RequirementProgress(r.Kind, r.Label, r.Value, r.Target,
                    r.Target <= 0 ? 100 : (int)Math.Min(100, 100 * r.Value / r.Target), r.Met, r.Required, TierLadder.Missing(r, program.Currency)))],
                next?.Requirements.OptionalNeeded ?? 0,
                next is null ? 100 : TierLadder.Progress(next, nextResults!),
                nextResults is null ? [] : [.. Missing(next!, nextResults, program.Currency, nextEvaluation)],
                nextEvaluation, pending.GetValueOrDefault(program.Id),
                [.. ladder.Tiers.Select(Summary)], [.. values.CurrenciesWithoutRate]));
        }

        var history = await db.TierChanges.AsNoTracking().Where(c => c.PartnerId == partnerId).OrderByDescending(c => c.At).Take(50)
            .Select(c => new TierChangeItem(c.Id, c.ProgramId, c.FromTier, c.ToTier, c.At, c.Reason, c.By)).ToListAsync(cancellationToken);
        var trend = await TrendAsync(partnerId, programs.FirstOrDefault()?.Currency ?? "USD", today, cancellationToken);
        return new ScorecardDto(partner.Id, partner.Name, standings, history, trend);
    }

    private static TierSummary Summary(Tier t) => new(t.Id, t.Name, t.Rank, t.Benefits);

    /// <summary>What stands between the partner and the tier: every unmet required requirement, and how many more of the optional ones.</summary>
    private static IEnumerable<string> Missing(Tier next, RequirementResults results, string currency, DateOnly by)
    {
        var byDate = by.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var r in results.Items.Where(r => r.Required && !r.Met)) yield return $"{TierLadder.Missing(r, currency)} by {byDate}";
        var optionalMet = results.Items.Count(r => !r.Required && r.Met);
        var optionalShort = next.Requirements.OptionalNeeded - optionalMet;
        if (optionalShort > 0)
            yield return $"{optionalShort} more of these by {byDate}: " + string.Join("; ", results.Items.Where(r => !r.Required && !r.Met).Select(r => TierLadder.Missing(r, currency)));
    }

    public static DateOnly NextEvaluationOn(PartnerProgram program, DateOnly today)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, program.EvaluationDay);
        return thisMonth > today ? thisMonth : thisMonth.AddMonths(1);
    }

    private async Task<TrendDto> TrendAsync(Guid partnerId, string currency, DateOnly today, CancellationToken cancellationToken)
    {
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var rows = await WonDeals.Query(db).Where(d => d.PartnerId == partnerId && d.ClosedOn >= firstMonth && d.ClosedOn <= today)
            .GroupBy(d => new { d.Currency, d.ClosedOn })
            .Select(g => new { g.Key.Currency, g.Key.ClosedOn, Amount = g.Sum(d => d.AmountMinor), Deals = g.Count() })
            .ToListAsync(cancellationToken);
        var rates = await ExchangeRateTable.LoadAsync(db, currency, cancellationToken);
        var revenue = new long[12];
        var deals = new int[12];
        foreach (var row in rows)
        {
            var month = (row.ClosedOn.Year - firstMonth.Year) * 12 + row.ClosedOn.Month - firstMonth.Month;
            deals[month] += row.Deals;
            revenue[month] += rates.Convert(row.Amount, row.Currency, row.ClosedOn) ?? 0;
        }
        var months = Enumerable.Range(0, 12).Select(i => firstMonth.AddMonths(i).ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new TrendDto(rates.Currency, months, revenue, deals);
    }
}
