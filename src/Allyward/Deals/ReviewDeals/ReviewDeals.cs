using System.ComponentModel.DataAnnotations;
using Allyward.Customers;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.ReviewDeals;

public sealed record DealDecision
{
    [StringLength(1000, ErrorMessage = "The reason is at most 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Reason { get; init; }
}

/// <summary>Several deals decided alike: approved (the reason is optional) or rejected (the reason is required and the partner is told).</summary>
public sealed record BulkDecision
{
    [Required(ErrorMessage = "List the deals to decide."), MinLength(1, ErrorMessage = "List at least one deal."), MaxLength(100, ErrorMessage = "Decide at most 100 deals at once.")]
    public List<Guid>? DealIds { get; init; }

    [StringLength(1000, ErrorMessage = "The reason is at most 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Reason { get; init; }
}

/// <param name="Decided">Whether this deal was approved or rejected as asked.</param>
public sealed record BulkResult(Guid DealId, bool Decided, string? Problem);

public sealed record BulkResults(IReadOnlyList<BulkResult> Results);

/// <summary>Vendor review of registered deals: approve (protection starts) or reject with a reason, one or many at once.</summary>
public sealed class ReviewDealsHandler(AllywardDbContext db, DealDetail.DealDetailHandler detail, CurrentUser currentUser, TimeProvider time,
    DealSettingsHandler settings, Platform.Webhooks.WebhookPublisher webhooks, DealNotifications notifications)
{
    public Task<Outcome<DealDto>> ApproveAsync(Guid id, DealDecision decision, CancellationToken cancellationToken = default) =>
        DecideAsync(id, decision, DealStatus.Approved, cancellationToken);

    /// <summary>Approves several deals; each succeeds or fails on its own, and the answer says which.</summary>
    public Task<Outcome<IReadOnlyList<BulkResult>>> ApproveManyAsync(BulkDecision request, CancellationToken cancellationToken = default) =>
        DecideManyAsync(request, DealStatus.Approved, cancellationToken);

    /// <summary>Rejects several deals with one reason; each succeeds or fails on its own, and the answer says which.</summary>
    public Task<Outcome<IReadOnlyList<BulkResult>>> RejectManyAsync(BulkDecision request, CancellationToken cancellationToken = default) =>
        DecideManyAsync(request, DealStatus.Rejected, cancellationToken);

    private async Task<Outcome<IReadOnlyList<BulkResult>>> DecideManyAsync(BulkDecision request, DealStatus to, CancellationToken cancellationToken)
    {
        var errors = ValidationErrors.Of(request);
        if (to == DealStatus.Rejected && string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "Say why the deals are rejected; the partners are told.");
        if (errors.Any) return Outcome<IReadOnlyList<BulkResult>>.Invalid(errors);
        var results = new List<BulkResult>();
        foreach (var id in request.DealIds!.Distinct())
        {
            var outcome = await DecideAsync(id, new DealDecision { Reason = request.Reason }, to, cancellationToken);
            results.Add(new BulkResult(id, outcome.Succeeded, outcome.Succeeded ? null : outcome.Message ?? outcome.Describe()));
            db.ChangeTracker.Clear();
        }
        return results;
    }

    public Task<Outcome<DealDto>> RejectAsync(Guid id, DealDecision decision, CancellationToken cancellationToken = default) =>
        DecideAsync(id, decision, DealStatus.Rejected, cancellationToken);

    private async Task<Outcome<DealDto>> DecideAsync(Guid id, DealDecision decision, DealStatus to, CancellationToken cancellationToken)
    {
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null) return Outcome<DealDto>.NotFound("No such deal.");
        var errors = ValidationErrors.Of(decision);
        if (to == DealStatus.Rejected && string.IsNullOrWhiteSpace(decision.Reason)) errors.Add("reason", "Say why the deal is rejected; the partner is told.");
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        var now = time.GetUtcNow().UtcDateTime;
        string? refusal;
        if (to == DealStatus.Approved)
        {
            var partnerType = await db.PartnerSummaries.Where(p => p.Id == deal.PartnerId).Select(p => p.Type).SingleAsync(cancellationToken);
            var protectedUntil = now.AddDays(await settings.ProtectionDaysAsync(deal.PartnerId, partnerType, cancellationToken));
            refusal = deal.Approve(now, currentUser.Name, protectedUntil, decision.Reason?.Trim());
        }
        else
        {
            refusal = deal.Reject(now, currentUser.Name, decision.Reason!.Trim());
            if (refusal is null) await Conflicts.MatchKeys.UnfileAsync(db, deal, cancellationToken);
        }
        if (refusal is not null) return Outcome<DealDto>.Conflict(refusal, await detail.GetAsync(id, cancellationToken));
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = to.ToString().ToLowerInvariant(),
            Detail = to == DealStatus.Approved ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : deal.DecisionReason,
        });
        await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal {to.ToString().ToLowerInvariant()}: {deal.CustomerName}",
            to == DealStatus.Approved ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : deal.DecisionReason, cancellationToken);
        await webhooks.PublishAsync(to == DealStatus.Approved ? DealWebhookEvents.Approved : DealWebhookEvents.Rejected,
            DealEvent.Of(deal), cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return await detail.ChangedMeanwhileAsync(id, cancellationToken);
        return (await detail.GetAsync(deal.Id, cancellationToken))!;
    }
}

internal static class ReviewDealsEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapPost("/{dealId:guid}/approve", async (Guid dealId, DealDecision? decision, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.ApproveAsync(dealId, decision ?? new DealDecision(), ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Approve: the deal is protected for the protection period");
        deals.MapPost("/approve", async (BulkDecision request, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.ApproveManyAsync(request, ct)).ToHttp(results => TypedResults.Ok(new BulkResults(results))))
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Approve several submitted deals at once; the answer says for each whether it was approved");
        deals.MapPost("/reject", async (BulkDecision request, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.RejectManyAsync(request, ct)).ToHttp(results => TypedResults.Ok(new BulkResults(results))))
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Reject several submitted deals at once with one reason; the answer says for each whether it was rejected");
        deals.MapPost("/{dealId:guid}/reject", async (Guid dealId, DealDecision decision, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.RejectAsync(dealId, decision, ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Reject with a reason; the partner is told");
    }
}
