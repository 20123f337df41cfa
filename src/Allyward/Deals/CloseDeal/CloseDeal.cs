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

namespace Allyward.Deals.CloseDeal;

public sealed record CloseRequest
{
    /// <summary>Won or Lost.</summary>
    [Required(ErrorMessage = "Say whether the deal was won or lost.")]
    public DealStatus? Outcome { get; init; }

    [StringLength(1000, ErrorMessage = "The note is at most 1000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Note { get; init; }

    /// <summary>For a won deal, the final amount in minor units of the deal's currency, when it differs from the estimate.</summary>
    public long? Amount { get; init; }
}

/// <summary>Records the end of an approved deal: won or lost.</summary>
public sealed class CloseDealHandler(AllywardDbContext db, DealDetail.DealDetailHandler detail, CurrentUser currentUser, TimeProvider time,
    Platform.Webhooks.WebhookPublisher webhooks, DealNotifications notifications)
{
    /// <summary>Records the end of an approved deal: won or lost. The registering partner or vendor staff may do it.</summary>
    public async Task<Outcome<DealDto>> CloseAsync(Guid id, CloseRequest request, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null) return Outcome<DealDto>.NotFound("No such deal.");
        var errors = ValidationErrors.Of(request);
        if (request.Outcome is { } outcome && outcome is not (DealStatus.Won or DealStatus.Lost)) errors.Add("outcome", "A deal closes as Won or Lost.");
        if (request.Amount is { } amount)
        {
            if (request.Outcome != DealStatus.Won) errors.Add("amount", "Only a won deal has a final amount.");
            else if (MoneyRules.Problem(amount, deal.Currency) is { } problem) errors.Add("amount", problem);
        }
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        var estimate = deal.AmountMinor;
        var now = time.GetUtcNow().UtcDateTime;
        if (deal.Close(request.Outcome!.Value, DateOnly.FromDateTime(now), request.Amount) is { } refusal)
            return Outcome<DealDto>.Conflict(refusal, await detail.GetAsync(id, cancellationToken));

        await Conflicts.MatchKeys.UnfileAsync(db, deal, cancellationToken);
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = deal.Status.ToString().ToLowerInvariant(),
            Detail = string.Join(" ", new[]
            {
                deal.AmountMinor != estimate ? $"Won at {MoneyRules.Format(deal.AmountMinor, deal.Currency)} (estimated {MoneyRules.Format(estimate, deal.Currency)})." : null,
                request.Note?.Trim(),
            }.Where(part => !string.IsNullOrEmpty(part))) is { Length: > 0 } said ? said : null,
        });
        if (deal.RegisteredById != currentUser.Id)
        {
            await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal {deal.Status.ToString().ToLowerInvariant()}: {deal.CustomerName}", request.Note, cancellationToken);
        }
        await webhooks.PublishAsync(deal.Status == DealStatus.Won ? DealWebhookEvents.Won : DealWebhookEvents.Lost,
            DealEvent.Of(deal), cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return await detail.ChangedMeanwhileAsync(id, cancellationToken);
        return (await detail.GetAsync(deal.Id, cancellationToken))!;
    }
}

internal static class CloseDealEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapPost("/{dealId:guid}/close", async (Guid dealId, CloseRequest request, CloseDealHandler handler, CancellationToken ct) =>
                (await handler.CloseAsync(dealId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(DealsModule.Registrars))
            .WithSummary("Record that an approved deal was won or lost");
    }
}
