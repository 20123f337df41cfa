using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Allyward.Deals.RegisterDeal;
using Allyward.Deals.ListDeals;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

public sealed record DistributorItem(Guid Id, string Name, string Country);

public sealed record AttachDistributorRequest(Guid? DistributorId);

/// <summary>
/// A distributor and a reseller on one deal: the reseller registers and owns the deal, the distributor it buys
/// through is attached and sees the deal read-only. Distributors are a public directory (name and country only),
/// so a reseller can pick one without seeing anything else of another partner.
/// </summary>
public sealed class Distributors(AllywardDbContext db, CurrentUser currentUser, TimeProvider time, Platform.Webhooks.WebhookPublisher webhooks,
    DealNotifications notifications)
{
    /// <summary>Adds a field error unless <paramref name="distributorId"/> is an active distributor other than the deal's owner.</summary>
    public static async Task CheckAsync(AllywardDbContext db, Guid? distributorId, Guid ownerId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (distributorId is not { } id) return;
        var active = id != ownerId && await db.PartnerSummaries.AsSystem()
            .AnyAsync(p => p.Id == id && p.Type == PartnerType.Distributor && p.Stage == PartnerStage.Active, cancellationToken);
        if (!active) errors.Add("distributorId", "No other active distributor has this id.");
    }

    public Task<Paged<DistributorItem>> DirectoryAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        db.PartnerSummaries.AsSystem().AsNoTracking()
            .Where(p => p.Type == PartnerType.Distributor && p.Stage == PartnerStage.Active && p.Id != currentUser.PartnerId)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new DistributorItem(p.Id, p.Name, p.Country))
            .ToPageAsync(page, cancellationToken);

    /// <summary>A distributor's name, as the public directory shows it.</summary>
    public Task<string?> NameOfAsync(Guid distributorId, CancellationToken cancellationToken = default) =>
        db.PartnerSummaries.AsSystem().Where(p => p.Id == distributorId && p.Type == PartnerType.Distributor).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The deals attached to the caller's organization as their distributor.</summary>
    public async Task<Outcome<Paged<DealListItem>>> DistributedAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        page.Validate(errors);
        if (errors.Any) return Outcome<Paged<DealListItem>>.Invalid(errors);
        return await Distributed().OrderByDescending(d => d.SubmittedAt).ThenBy(d => d.Id)
            .Select(d => new DealListItem(d.Id, d.PartnerId, d.CustomerName, d.CustomerCountry, d.AmountMinor, d.Currency, d.ExpectedCloseDate,
                d.Status, d.SubmittedAt, d.ProtectedUntil))
            .ToPageAsync(page, cancellationToken);
    }

    public async Task<DealDto?> DistributedDealAsync(Guid dealId, CancellationToken cancellationToken = default) =>
        await Distributed().SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken) is { } deal ? DealDto.From(deal, []) : null;

    /// <summary>
    /// Deals are isolated by their owner, so the distributor's view steps past the filter on purpose and keeps to
    /// exactly the deals that name the caller's organization.
    /// </summary>
    private IQueryable<Deal> Distributed()
    {
        var distributor = currentUser.PartnerId;
        return db.Deals.AsSystem().AsNoTracking().Where(d => distributor != null && d.DistributorId == distributor);
    }

    /// <summary>Vendor staff attach a distributor to a deal, change it, or remove it (null).</summary>
    public async Task<Outcome<DealDto>> AttachAsync(Guid dealId, AttachDistributorRequest request, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == dealId, cancellationToken);
        if (deal is null) return Outcome<DealDto>.NotFound("No such deal.");
        var errors = new ValidationErrors();
        await CheckAsync(db, request.DistributorId, deal.PartnerId, errors, cancellationToken);
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        if (deal.DistributorId == request.DistributorId) return DealDto.From(deal, []);

        deal.DistributorId = request.DistributorId;
        var name = request.DistributorId is { } id ? await db.PartnerSummaries.Where(p => p.Id == id).Select(p => p.Name).SingleAsync(cancellationToken) : null;
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = time.GetUtcNow().UtcDateTime, ActorName = currentUser.Name, Action = "distributor",
            Detail = name is null ? "No distributor." : $"Through {name}.",
        });
        if (request.DistributorId is { } attached)
        {
            var partnerName = await db.PartnerSummaries.Where(p => p.Id == deal.PartnerId).Select(p => p.Name).SingleAsync(cancellationToken);
            await notifications.TellDistributorAsync(attached, deal, partnerName, cancellationToken);
        }
        await webhooks.PublishAsync(DealWebhookEvents.DistributorChanged, DealEvent.Of(deal), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return DealDto.From(deal, []);
    }
}

internal static class DistributorEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/distributors", async ([AsParameters] PageQuery paging, Distributors handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.DirectoryAsync(page, ct)))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Registrars))
            .WithSummary("Active distributors a deal can go through (name and country)");
        deals.MapGet("/distributed", async (int? page, int? pageSize, Distributors handler, CancellationToken ct) =>
                (await handler.DistributedAsync(new PageRequest(page ?? 1, pageSize ?? 25), ct)).ToHttp())
            .RequireAuthorization(DealPermissions.RegisterOwn)
            .WithSummary("Deals other partners registered through the caller's organization as distributor (read-only)");
        deals.MapGet("/distributed/{dealId:guid}", async (Guid dealId, Distributors handler, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await handler.DistributedDealAsync(dealId, ct), "No such deal."))
            .RequireAuthorization(DealPermissions.RegisterOwn)
            .WithSummary("A deal registered through the caller's organization as distributor");
        deals.MapPut("/{dealId:guid}/distributor", async (Guid dealId, AttachDistributorRequest request, Distributors handler, CancellationToken ct) =>
                (await handler.AttachAsync(dealId, request, ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Attach a distributor to the deal, change it, or remove it (distributorId null)");
    }
}
