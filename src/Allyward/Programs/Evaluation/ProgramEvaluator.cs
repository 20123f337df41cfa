using Allyward.Learning.Contracts;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Evaluation;

public sealed record EvaluationSummary(
    Guid Id, Guid ProgramId, DateTime StartedAt, DateTime? FinishedAt, string RequestedBy,
    int Partners, int Joined, int Promoted, int ProposedPromotions, int Warned, int Demoted, int Recovered)
{
    public static EvaluationSummary Of(TierEvaluation e) => new(e.Id, e.ProgramId, e.StartedAt, e.FinishedAt, e.RequestedBy,
        e.Partners, e.Joined, e.Promoted, e.ProposedPromotions, e.Warned, e.Demoted, e.Recovered);
}

/// <summary>
/// Evaluates a program: measures every member set-wise, then promotes (or proposes a promotion), warns of a
/// demotion and opens its grace period, demotes when the grace period has ended, or clears a warning. One run per
/// program at a time across nodes: a run claims the program row first, and a lost claim is refused.
/// </summary>
public sealed class ProgramEvaluator(AllywardDbContext db, TimeProvider time, PartnerMetrics metrics, TierChanges changes, CurrentUser currentUser)
{
    /// <summary>An unfinished run older than this is taken to have died with its node, and no longer blocks another.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    /// <summary>Partners in these stages belong to the programs for their type; others keep their tier, unevaluated.</summary>
    public static readonly PartnerStage[] EvaluatedStages = [PartnerStage.Onboarding, PartnerStage.Active];

    /// <summary>Runs the evaluation now, asked for by the signed-in user.</summary>
    public Task<Outcome<EvaluationSummary>> RunNowAsync(Guid programId, CancellationToken cancellationToken = default) =>
        RunAsync(programId, currentUser.Name, null, cancellationToken);

    /// <summary>
    /// Runs the evaluation now. With <paramref name="unlessRunSince"/> (the scheduled run) it is refused when a run
    /// started since then: read from the claimed row, so of two nodes finding the same run due, one runs it.
    /// </summary>
    public async Task<Outcome<EvaluationSummary>> RunAsync(Guid programId, string requestedBy, DateTime? unlessRunSince = null, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        if (program is null) return Outcome<EvaluationSummary>.NotFound("No such program.");
        if (unlessRunSince is { } since && program.LastEvaluationStartedAt >= since) return Outcome<EvaluationSummary>.Conflict($"{program.Name} was evaluated already.");
        var now = time.GetUtcNow().UtcDateTime;
        var running = await db.TierEvaluations.AsNoTracking()
            .AnyAsync(e => e.ProgramId == programId && e.FinishedAt == null && e.StartedAt > now - AbandonedAfter, cancellationToken);
        if (running) return Outcome<EvaluationSummary>.Conflict($"An evaluation of {program.Name} is running; its results appear when it ends.");

        var evaluation = new TierEvaluation { ProgramId = programId, StartedAt = now, RequestedBy = requestedBy };
        program.LastEvaluationStartedAt = now;
        db.TierEvaluations.Add(evaluation);
        if (!await db.TrySaveAsync(cancellationToken))
            return Outcome<EvaluationSummary>.Conflict($"Another evaluation of {program.Name} started at the same moment; its results appear when it ends.");

        try
        {
            await EvaluateAsync(program, evaluation, now, cancellationToken);
            evaluation.FinishedAt = time.GetUtcNow().UtcDateTime;
            await SaveAsync(cancellationToken);
            return EvaluationSummary.Of(evaluation);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || LostRaces.IsLostRace(ex))
        {
            // A tier was changed by hand while the run measured: nothing of the run is kept; it ends, and may run again.
            db.ChangeTracker.Clear();
            var ended = await db.TierEvaluations.SingleAsync(e => e.Id == evaluation.Id, cancellationToken);
            ended.FinishedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<EvaluationSummary>.Conflict("A partner's tier was changed while the evaluation ran; nothing was changed. Run it again.");
        }
    }

    private async Task EvaluateAsync(PartnerProgram program, TierEvaluation evaluation, DateTime now, CancellationToken cancellationToken)
    {
        var ladder = await LadderAsync(db, program, DateOnly.FromDateTime(now), cancellationToken);
        if (ladder is null) return;
        var partners = await EligiblePartnersAsync(program, cancellationToken);
        var memberships = await db.ProgramMemberships.Where(m => m.ProgramId == program.Id).ToDictionaryAsync(m => m.PartnerId, cancellationToken);
        var pending = await db.TierProposals.Where(p => p.ProgramId == program.Id && p.Status == ProposalStatus.Pending)
            .ToDictionaryAsync(p => p.PartnerId, cancellationToken);
        var values = await metrics.ComputeAsync(ladder.Requests, program.Currency, null, cancellationToken);
        var tiers = ladder.Tiers.ToDictionary(t => t.Id);

        foreach (var partner in partners)
        {
            evaluation.Partners++;
            if (!memberships.TryGetValue(partner.Id, out var membership))
            {
                membership = ProgramMembership.Join(program.Id, partner.Id, ladder.Entry.Id, now);
                db.ProgramMemberships.Add(membership);
                changes.Record(program, partner, membership, null, ladder.Entry, now, "Joined the program.", "Evaluation", new RequirementResults(), announce: false);
                evaluation.Joined++;
            }
            var current = tiers.GetValueOrDefault(membership.TierId) ?? ladder.Entry;
            var (qualified, results) = ladder.Qualified(partner.Id, values);
            pending.TryGetValue(partner.Id, out var proposal);
            var next = ladder.Above(qualified.Rank > current.Rank ? qualified : current);
            membership.Measured(now, next is null ? 100 : TierLadder.Progress(next, ladder.Judge(next, partner.Id, values)));

            if (qualified.Rank > current.Rank)
            {
                if (membership.AtRiskSince is not null) membership.ClearRisk();
                if (!program.PromotionsNeedApproval)
                {
                    proposal?.Supersede(now);
                    changes.Record(program, partner, membership, current, qualified, now, $"Met the requirements of {qualified.Name}.", "Evaluation", results);
                    evaluation.Promoted++;
                }
                else if (proposal?.ToTierId != qualified.Id)
                {
                    proposal?.Supersede(now);
                    if (proposal is not null) await SaveAsync(cancellationToken); // the filtered unique index admits one pending proposal
                    db.TierProposals.Add(changes.Propose(program, partner, evaluation.Id, current, qualified, now, results));
                    evaluation.ProposedPromotions++;
                }
            }
            else if (qualified.Rank < current.Rank)
            {
                proposal?.Supersede(now);
                var shortOf = ladder.Judge(current, partner.Id, values);
                if (membership.AtRiskSince is null)
                {
                    membership.WarnOfDemotion(qualified.Id, now, program.GraceDays);
                    changes.Warn(program, partner, membership, current, qualified, shortOf);
                    evaluation.Warned++;
                }
                else membership.WarnOfDemotion(qualified.Id, now, program.GraceDays);
                if (membership.GraceEndsAt <= now)
                {
                    changes.Record(program, partner, membership, current, qualified, now,
                        $"No longer met the requirements of {current.Name} when the grace period ended.", "Evaluation", shortOf);
                    evaluation.Demoted++;
                }
            }
            else
            {
                if (proposal is not null && proposal.ToTierId != current.Id) proposal.Supersede(now);
                if (membership.AtRiskSince is not null)
                {
                    membership.ClearRisk();
                    changes.Recovered(program, partner, current);
                    evaluation.Recovered++;
                }
            }
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await changes.AnnounceAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The program's ladder on a day, with the names its requirements refer to; null when it has no tiers.</summary>
    public static async Task<TierLadder?> LadderAsync(AllywardDbContext db, PartnerProgram program, DateOnly asOf, CancellationToken cancellationToken)
    {
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == program.Id).ToListAsync(cancellationToken);
        if (tiers.Count == 0) return null;
        return new TierLadder(program, tiers, asOf, await NamesAsync(db, cancellationToken));
    }

    public static async Task<RequirementNames> NamesAsync(AllywardDbContext db, CancellationToken cancellationToken) =>
        new(await CertificationNames.AllAsync(db, cancellationToken), await db.CustomKpis.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken));

    private async Task<List<PartnerWithManager>> EligiblePartnersAsync(PartnerProgram program, CancellationToken cancellationToken)
    {
        var partners = await db.PartnerSummaries.Where(p => EvaluatedStages.Contains(p.Stage))
            .Select(p => new PartnerWithManager(p.Id, p.Name, p.Type, p.Stage, p.OwnerId, null)).ToListAsync(cancellationToken);
        return [.. partners.Where(p => program.IsFor(p.Type))];
    }
}
