using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.ChangeStage;

public sealed record ChangeStageRequest
{
    [Required(ErrorMessage = "Choose the stage to move to.")]
    public PartnerStage? To { get; init; }

    [Required(ErrorMessage = "Say why the stage changes."), StringLength(PartnerLimits.Reason, MinimumLength = 1, ErrorMessage = "The reason is 1 to 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Reason { get; init; }
}

public sealed record StageTransitionItem(Guid Id, PartnerStage From, PartnerStage To, string Reason, Guid? ChangedById, string ChangedByName, DateTime At);

public sealed class ChangeStageHandler(AllywardDbContext db, CurrentUser currentUser, TimeProvider time, PartnerTimeline timeline, Outbox outbox, PartnerActivity activity)
{
    public async Task<Outcome<StageTransitionItem>> HandleAsync(Guid partnerId, ChangeStageRequest request, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null) return Outcome<StageTransitionItem>.NotFound("No such partner.");
        var errors = ValidationErrors.Of(request);
        if (request.Reason is not null && string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "Say why the stage changes.");
        if (errors.Any) return Outcome<StageTransitionItem>.Invalid(errors);

        var from = partner.Stage;
        var transition = partner.ChangeStage(request.To!.Value, request.Reason!.Trim(), currentUser.Id, currentUser.Name, time.GetUtcNow().UtcDateTime);
        if (transition is null)
        {
            var allowed = PartnerLifecycle.NextStages(from);
            return Outcome<StageTransitionItem>.Conflict(
                $"A partner in stage {Labels.Of(from)} cannot move to {(request.To is { } to ? Labels.Of(to) : "")}. " +
                (allowed.Count == 0 ? $"{Labels.Of(from)} is final." : $"Allowed: {string.Join(", ", allowed.Select(Labels.Of))}."));
        }
        db.PartnerStageTransitions.Add(transition);
        timeline.Record(partner.Id, "stage-changed", $"Stage changed from {Labels.Of(from)} to {Labels.Of(transition.To)}: {transition.Reason}");
        await NotifyAsync(partner, transition, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<StageTransitionItem>.Conflict("Someone else changed this partner at the same moment. Reload and try again.");
        }
        if (transition.To == PartnerStage.Approved) await activity.ApprovedAsync(partner.Id, cancellationToken);
        return Item(transition);
    }

    public async Task<Outcome<Paged<StageTransitionItem>>> ListAsync(Guid partnerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<Paged<StageTransitionItem>>.NotFound("No such partner.");
        return await db.PartnerStageTransitions.Where(t => t.PartnerId == partnerId)
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id)
            .Select(t => new StageTransitionItem(t.Id, t.From, t.To, t.Reason, t.ChangedById, t.ChangedByName, t.At))
            .ToPageAsync(page, cancellationToken);
    }

    /// <summary>The owning channel account manager and the partner's admins hear of every move, unless they made it.</summary>
    private async Task NotifyAsync(Partner partner, PartnerStageTransition transition, CancellationToken cancellationToken)
    {
        var partnerAdmins = await db.Users
            .Where(u => u.PartnerId == partner.Id && u.Role == UserRole.PartnerAdmin && u.IsActive && u.PasswordHash != null)
            .Select(u => u.Id).ToListAsync(cancellationToken);
        if (partner.OwnerId is { } owner && owner != currentUser.Id)
        {
            outbox.Enqueue(new NotifyUser(owner, $"{partner.Name} moved to {Labels.Of(transition.To)}", transition.Reason, $"/console/partners/{partner.Id}"));
        }
        foreach (var admin in partnerAdmins.Where(id => id != currentUser.Id))
        {
            outbox.Enqueue(new NotifyUser(admin, $"Your partnership is now {Labels.Of(transition.To)}", transition.Reason, "/portal/organization"));
        }
    }

    private static StageTransitionItem Item(PartnerStageTransition t) => new(t.Id, t.From, t.To, t.Reason, t.ChangedById, t.ChangedByName, t.At);
}
