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

namespace Allyward.Deals.DealDetail;

public sealed record HistoryItem(DateTime At, string ActorName, string Action, string? Detail);

public sealed record ConflictingDeal(Guid Id, Guid PartnerId, string CustomerName, DateTime SubmittedAt, DealStatus Status, IReadOnlyList<MatchReason> Reasons);

/// <summary>One deal as its page shows it: the deal, its conflicting registrations (vendor staff only) and its history.</summary>
public sealed class DealDetailHandler(AllywardDbContext db, ConflictFinder conflicts, CurrentUser currentUser)
{
    public async Task<DealDto?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null) return null;
        var found = currentUser.PartnerId is null ? await conflicts.FindAsync(deal.Identity, deal.Id, cancellationToken) : [];
        return DealDto.From(deal, found.Select(m => new ConflictMatch(m.Deal.Id, m.Reasons, CustomerMatcher.Score(m.Reasons))).ToList());
    }

    /// <summary>For vendor staff comparing registrations: the deals that conflict with this one, side by side.</summary>
    public async Task<IReadOnlyList<ConflictingDeal>> ConflictsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null || currentUser.PartnerId is not null) return [];
        return (await conflicts.FindAsync(deal.Identity, deal.Id, cancellationToken))
            .Select(m => new ConflictingDeal(m.Deal.Id, m.Deal.PartnerId, m.Deal.CustomerName, m.Deal.SubmittedAt, m.Deal.Status, m.Reasons)).ToList();
    }

    public async Task<Outcome<Paged<HistoryItem>>> HistoryAsync(Guid id, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Deals.AnyAsync(d => d.Id == id, cancellationToken)) return Outcome<Paged<HistoryItem>>.NotFound("No such deal.");
        return await db.DealHistory.Where(h => h.DealId == id).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new HistoryItem(h.At, h.ActorName, h.Action, h.Detail)).ToPageAsync(page, cancellationToken);
    }

    /// <summary>Someone else changed the deal between our read and our save: nothing of ours was saved.</summary>
    public async Task<Outcome<DealDto>> ChangedMeanwhileAsync(Guid id, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        return Outcome<DealDto>.Conflict($"Someone else changed this deal at the same moment; it is now {current?.Status}. Nothing was changed.", current);
    }
}

internal static class DealDetailEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/{dealId:guid}", async (Guid dealId, DealDetailHandler handler, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await handler.GetAsync(dealId, ct), "No such deal."))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .WithName("GetDeal")
            .WithSummary("A deal; vendor staff also see its conflicting registrations");
        deals.MapGet("/{dealId:guid}/history", async (Guid dealId, [AsParameters] PageQuery paging, DealDetailHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.HistoryAsync(dealId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Viewers))
            .WithSummary("Every change of the deal, oldest first");
    }
}
