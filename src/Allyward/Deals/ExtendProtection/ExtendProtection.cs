using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using System.ComponentModel.DataAnnotations;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.ExtendProtection;

public sealed record ExtensionRequestDto
{
    [Required(ErrorMessage = "Say how many more days of protection you need."), Range(1, 180, ErrorMessage = "Ask for 1 to 180 more days.")]
    public int? Days { get; init; }

    [Required(ErrorMessage = "Say why the deal needs longer."), StringLength(1000, MinimumLength = 1, ErrorMessage = "The reason is 1 to 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Reason { get; init; }
}

public sealed record ExtensionDecisionDto
{
    [StringLength(1000, ErrorMessage = "The note is at most 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Note { get; init; }
}

public sealed record ExtensionItem(Guid Id, Guid DealId, int Days, string Reason, ExtensionStatus Status, DateTime RequestedAt, string RequestedByName,
    DateTime? DecidedAt, string? DecidedByName, string? DecisionNote);

/// <summary>Partners ask for longer protection of an approved deal; channel account managers grant or decline.</summary>
public sealed class ExtendProtectionHandler(AllywardDbContext db, CurrentUser currentUser, TimeProvider time, Platform.Webhooks.WebhookPublisher webhooks,
    DealNotifications notifications)
{
    public async Task<Outcome<Paged<ExtensionItem>>> ListAsync(Guid dealId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Deals.AnyAsync(d => d.Id == dealId, cancellationToken)) return Outcome<Paged<ExtensionItem>>.NotFound("No such deal.");
        var requests = await db.DealExtensionRequests.AsNoTracking().Where(r => r.DealId == dealId).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)
            .ToPageAsync(page, cancellationToken);
        return new Paged<ExtensionItem>([.. requests.Items.Select(Item)], requests.Page, requests.PageSize, requests.TotalCount);
    }

    public async Task<Outcome<ExtensionItem>> RequestAsync(Guid dealId, ExtensionRequestDto request, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (deal is null) return Outcome<ExtensionItem>.NotFound("No such deal.");
        var errors = ValidationErrors.Of(request);
        if (request.Reason is not null && string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "Say why the deal needs longer.");
        if (errors.Any) return Outcome<ExtensionItem>.Invalid(errors);
        if (deal.Status != DealStatus.Approved) return Outcome<ExtensionItem>.Conflict($"Only an approved, protected deal can be extended; this one is {deal.Status.Label().ToLowerInvariant()}.");
        if (await db.DealExtensionRequests.AnyAsync(r => r.DealId == dealId && r.Status == ExtensionStatus.Pending, cancellationToken))
        {
            return Outcome<ExtensionItem>.Conflict("An extension request for this deal is already waiting for a decision.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var extension = new DealExtensionRequest
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, Days = request.Days!.Value, Reason = request.Reason!.Trim(),
            RequestedAt = now, RequestedById = currentUser.Id!.Value, RequestedByName = currentUser.Name,
        };
        db.DealExtensionRequests.Add(extension);
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = "extension-requested",
            Detail = $"{extension.Days} more days: {extension.Reason}",
        });
        await db.SaveChangesAsync(cancellationToken);
        return Item(extension);
    }

    public Task<Outcome<ExtensionItem>> GrantAsync(Guid dealId, Guid requestId, ExtensionDecisionDto decision, CancellationToken cancellationToken = default) =>
        DecideAsync(dealId, requestId, decision, grant: true, cancellationToken);

    public Task<Outcome<ExtensionItem>> DeclineAsync(Guid dealId, Guid requestId, ExtensionDecisionDto decision, CancellationToken cancellationToken = default) =>
        DecideAsync(dealId, requestId, decision, grant: false, cancellationToken);

    private async Task<Outcome<ExtensionItem>> DecideAsync(Guid dealId, Guid requestId, ExtensionDecisionDto decision, bool grant, CancellationToken cancellationToken)
    {
        var extension = await db.DealExtensionRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.DealId == dealId, cancellationToken);
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (extension is null || deal is null) return Outcome<ExtensionItem>.NotFound("No such extension request.");
        if (ValidationErrors.Of(decision) is { Any: true } errors) return Outcome<ExtensionItem>.Invalid(errors);
        var now = time.GetUtcNow().UtcDateTime;
        if (extension.Status != ExtensionStatus.Pending) return Outcome<ExtensionItem>.Conflict($"This request was already {extension.Status.ToString().ToLowerInvariant()}.", Item(extension));
        if (grant && deal.ExtendProtection(extension.Days, now) is { } refusal) return Outcome<ExtensionItem>.Conflict(refusal, Item(extension));
        extension.Decide(grant, now, currentUser.Name, decision.Note?.Trim());
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = grant ? "extension-granted" : "extension-declined",
            Detail = grant ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : extension.DecisionNote,
        });
        await notifications.TellAsync(extension.RequestedById, deal.Id, $"Extension {(grant ? "granted" : "declined")}: {deal.CustomerName}",
            grant ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : extension.DecisionNote, cancellationToken);
        if (grant) await webhooks.PublishAsync(DealWebhookEvents.Extended, DealEvent.Of(deal), cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken))
        {
            var current = await db.DealExtensionRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
            return Outcome<ExtensionItem>.Conflict($"Someone else decided this request at the same moment; it is now {current.Status.Label().ToLowerInvariant()}. Nothing was changed.", Item(current));
        }
        return Item(extension);
    }

    private static ExtensionItem Item(DealExtensionRequest r) =>
        new(r.Id, r.DealId, r.Days, r.Reason, r.Status, r.RequestedAt, r.RequestedByName, r.DecidedAt, r.DecidedByName, r.DecisionNote);
}

internal static class ExtendProtectionEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/{dealId:guid}/extension-requests", async (Guid dealId, [AsParameters] PageQuery paging, ExtendProtectionHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(dealId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .WithSummary("Requests to extend the deal's protection");
        deals.MapPost("/{dealId:guid}/extension-requests", async (Guid dealId, ExtendProtection.ExtensionRequestDto request, ExtendProtection.ExtendProtectionHandler handler, CancellationToken ct) =>
                (await handler.RequestAsync(dealId, request, ct)).ToHttp(r => TypedResults.Created($"/api/v1/deals/{dealId}/extension-requests/{r.Id}", r)))
            .RequireAuthorization(DealPermissions.RegisterOwn)
            .WithSummary("Ask for longer protection of an approved deal");
        deals.MapPost("/{dealId:guid}/extension-requests/{requestId:guid}/grant", async (Guid dealId, Guid requestId, ExtendProtection.ExtensionDecisionDto? decision, ExtendProtection.ExtendProtectionHandler handler, CancellationToken ct) =>
                (await handler.GrantAsync(dealId, requestId, decision ?? new ExtendProtection.ExtensionDecisionDto(), ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Grant an extension: the protection runs longer by the days asked");
        deals.MapPost("/{dealId:guid}/extension-requests/{requestId:guid}/decline", async (Guid dealId, Guid requestId, ExtendProtection.ExtensionDecisionDto? decision, ExtendProtection.ExtendProtectionHandler handler, CancellationToken ct) =>
                (await handler.DeclineAsync(dealId, requestId, decision ?? new ExtendProtection.ExtensionDecisionDto(), ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Decline an extension request");
    }
}
