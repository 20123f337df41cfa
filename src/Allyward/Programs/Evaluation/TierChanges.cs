using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Evaluation;

/// <summary>
/// Every move of a partner between tiers, and every warning, goes through here: the membership moves, the history
/// keeps it, and the partner's admins and its channel account manager are told, all in the caller's save.
/// </summary>
public sealed class TierChanges(AllywardDbContext db, Outbox outbox, WebhookPublisher webhooks)
{
    public const string ScorecardLink = "/portal/scorecard";

    public static string ConsoleLink(Guid partnerId) => $"/console/partners/{partnerId}?tab=program";

    /// <summary>Moves the membership to <paramref name="to"/> and records why; <paramref name="announce"/> false records silently (joining).</summary>
    public void Record(PartnerProgram program, PartnerWithManager partner, ProgramMembership membership, Tier? from, Tier to, DateTime at,
        string reason, string by, RequirementResults evidence, bool announce = true)
    {
        membership.MoveTo(to.Id, at);
        db.TierChanges.Add(new TierChange
        {
            ProgramId = program.Id, PartnerId = partner.Id, FromTierId = from?.Id, FromTier = from?.Name, ToTierId = to.Id, ToTier = to.Name,
            At = at, Reason = reason, By = by, Evidence = evidence,
        });
        if (!announce) return;
        var direction = from is null || to.Rank > from.Rank ? "moved up to" : "moved to";
        _announcements.Add(new Announcement(partner, $"{partner.Name} {direction} {to.Name} in the {program.Name}", reason,
            TierChangedEvent: new TierChangedEvent(partner.Id, partner.Name, program.Id, program.Name, from?.Name, to.Name, reason, at)));
    }

    public TierProposal Propose(PartnerProgram program, PartnerWithManager partner, Guid evaluationId, Tier from, Tier to, DateTime at, RequirementResults evidence)
    {
        _announcements.Add(new Announcement(partner, $"{partner.Name} qualifies for {to.Name} in the {program.Name}",
            "The promotion waits for approval.", ToVendorOnly: true));
        return new TierProposal
        {
            ProgramId = program.Id, PartnerId = partner.Id, EvaluationId = evaluationId, Kind = ProposalKind.Promotion,
            FromTierId = from.Id, FromTier = from.Name, ToTierId = to.Id, ToTier = to.Name, CreatedAt = at, Evidence = evidence,
        };
    }

    public void Warn(PartnerProgram program, PartnerWithManager partner, ProgramMembership membership, Tier current, Tier wouldBecome, RequirementResults shortOf)
    {
        var missing = string.Join("; ", shortOf.Items.Select(r => TierLadder.Missing(r, program.Currency)).OfType<string>());
        _announcements.Add(new Announcement(partner, $"{partner.Name} is at risk of leaving {current.Name} in the {program.Name}",
            $"Unless the requirements are met again by {membership.GraceEndsAt:yyyy-MM-dd}, the tier becomes {wouldBecome.Name}. Missing: {missing}.",
            AtRiskEvent: new TierAtRiskEvent(partner.Id, partner.Name, program.Id, program.Name, current.Name, wouldBecome.Name, membership.GraceEndsAt!.Value)));
    }

    public void Recovered(PartnerProgram program, PartnerWithManager partner, Tier current) =>
        _announcements.Add(new Announcement(partner, $"{partner.Name} meets the requirements of {current.Name} again",
            $"The warning in the {program.Name} is lifted."));

    private readonly List<Announcement> _announcements = [];

    private sealed record Announcement(PartnerWithManager Partner, string Title, string Body, bool ToVendorOnly = false,
        TierChangedEvent? TierChangedEvent = null, TierAtRiskEvent? AtRiskEvent = null);

    /// <summary>Queues the notifications and webhooks of the changes recorded so far; call before the save that commits them.</summary>
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        if (_announcements.Count == 0) return;
        var partnerIds = _announcements.Where(a => !a.ToVendorOnly).Select(a => a.Partner.Id).Distinct().ToList();
        var admins = (await db.Users.AsSystem().AsNoTracking()
                .Where(u => u.PartnerId != null && partnerIds.Contains(u.PartnerId.Value) && u.IsActive
                    && (u.Role == UserRole.PartnerAdmin || u.Role == UserRole.PartnerExecutive))
                .Select(u => new { PartnerId = u.PartnerId!.Value, u.Id, u.Email }).ToListAsync(cancellationToken))
            .ToLookup(u => u.PartnerId);
        foreach (var a in _announcements)
        {
            if (a.Partner.OwnerId is { } owner) outbox.Enqueue(new NotifyUser(owner, a.Title, a.Body, ConsoleLink(a.Partner.Id)));
            if (!a.ToVendorOnly)
                foreach (var admin in admins[a.Partner.Id]) outbox.Enqueue(new NotifyUser(admin.Id, a.Title, a.Body, ScorecardLink, admin.Email));
            if (a.TierChangedEvent is { } changed) await webhooks.PublishAsync(ProgramWebhookEvents.TierChanged, changed, cancellationToken);
            if (a.AtRiskEvent is { } atRisk) await webhooks.PublishAsync(ProgramWebhookEvents.TierAtRisk, atRisk, cancellationToken);
        }
        _announcements.Clear();
    }
}
