using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Recruitment.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Onboarding.Progress;

public sealed record Funnel(int Applied, int Approved, int Onboarding, int Active);

public sealed record StuckPartner(Guid PartnerId, string Name, PartnerStage Stage, DateTime OnboardingSince, int Done, int Total, string? NextTask);

public sealed record OnboardingFigures(Funnel Funnel, TimeSpan? MedianApplicationToApproval, TimeSpan? MedianApprovalToActivation, IReadOnlyList<StuckPartner> StuckLongest);

/// <summary>How fast applicants become active partners, and who is stuck on the way.</summary>
public sealed class OnboardingMetrics(AllywardDbContext db)
{
    public async Task<OnboardingFigures> GetAsync(CancellationToken cancellationToken = default)
    {
        var applications = await db.ApplicationOutcomes.ToListAsync(cancellationToken);
        var approvedPartnerIds = applications.Where(a => a.PartnerId is not null).Select(a => a.PartnerId!.Value).ToList();
        var stages = await db.PartnerSummaries.AsNoTracking().Where(p => approvedPartnerIds.Contains(p.Id))
            .Select(p => p.Stage).ToListAsync(cancellationToken);
        var funnel = new Funnel(
            applications.Count,
            applications.Count(a => a.Approved),
            stages.Count(s => s is PartnerStage.Onboarding or PartnerStage.Active or PartnerStage.Offboarding or PartnerStage.Former),
            stages.Count(s => s is PartnerStage.Active or PartnerStage.Offboarding or PartnerStage.Former));

        var toApproval = applications.Where(a => a.Approved && a.DecidedAt is not null)
            .Select(a => a.DecidedAt!.Value - a.SubmittedAt).ToList();
        var plans = await db.OnboardingPlans.AsNoTracking().Select(p => new { p.PartnerId, p.StartedAt, p.CompletedAt }).ToListAsync(cancellationToken);
        var toActivation = plans.Where(p => p.CompletedAt is not null).Select(p => p.CompletedAt!.Value - p.StartedAt).ToList();

        var open = plans.Where(p => p.CompletedAt is null).OrderBy(p => p.StartedAt).Take(10).ToList();
        var openIds = open.Select(p => p.PartnerId).ToList();
        var partners = await db.PartnerSummaries.AsNoTracking().Where(p => openIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var tasks = await db.OnboardingTasks.AsNoTracking().Where(t => openIds.Contains(t.PartnerId))
            .Select(t => new { t.PartnerId, t.Position, t.Title, t.CompletedAt }).ToListAsync(cancellationToken);
        var stuck = open.Where(p => partners.ContainsKey(p.PartnerId)).Select(p =>
        {
            var own = tasks.Where(t => t.PartnerId == p.PartnerId).OrderBy(t => t.Position).ToList();
            return new StuckPartner(p.PartnerId, partners[p.PartnerId].Name, partners[p.PartnerId].Stage, p.StartedAt,
                own.Count(t => t.CompletedAt is not null), own.Count, own.FirstOrDefault(t => t.CompletedAt is null)?.Title);
        }).ToList();
        return new OnboardingFigures(funnel, Median(toApproval), Median(toActivation), stuck);
    }

    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
