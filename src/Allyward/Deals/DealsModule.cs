using Allyward.Platform.Identity;
using MudBlazor;
using Microsoft.Extensions.Configuration;
using Allyward.Platform.Modules;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Allyward.Deals.ReviewDeals;
using Allyward.Partners;
using Allyward.Platform.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Deals;

public sealed class DealsModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Deals", "Deal registration, conflict detection, review, protection and its extensions.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 30, "Deals", "/console/deals", Icons.Material.Filled.MonetizationOn, [DealPermissions.ViewAll], ExactMatch: true),
        new(NavArea.Console, 31, "Deal rules", "/console/deals/settings", Icons.Material.Filled.Rule, [DealPermissions.ManageSettings]),
        new(NavArea.Portal, 30, "Deals", "/portal/deals", Icons.Material.Filled.MonetizationOn, [DealPermissions.RegisterOwn]),
    ];

    public override IEnumerable<WebhookEventType> WebhookEvents => DealWebhookEvents.All;

    public override void AddServices(IServiceCollection services, IConfiguration configuration) => services
        .AddScoped<ConflictFinder>()
        .AddScoped<RegisterDealHandler>()
        .AddScoped<ReviewDealsHandler>()
        .AddScoped<DealSettingsHandler>()
        .AddScoped<DealExpiry>()
        .AddScoped<DealProtectionReminders>()
        .AddScoped<ExtendProtection.ExtendProtectionHandler>()
        .AddScoped<DealNotifications>()
        .AddScoped<Distributors>()
        .AddScoped<CustomFields.CustomFieldsHandler>()
        .AddHostedService<DealExpiryWorker>()
        .AddStartupTask<FileOpenDeals>()
        .AddDemoData<DealsDemoData>();

    private static readonly string[] Viewers = [DealPermissions.ViewAll, DealPermissions.RegisterOwn];
    private static readonly string[] Registrars = [DealPermissions.Review, DealPermissions.RegisterOwn];

    public sealed record DealListQuery(DealStatus? Status, string? Search, Guid? PartnerId, int? Page, int? PageSize);

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var deals = api.MapGroup("/deals").WithTags("Deals");
        deals.MapPost("/", async (RegisterDealRequest request, RegisterDealHandler handler, CancellationToken ct) =>
                (await handler.RegisterAsync(request, ct)).ToHttp(d => TypedResults.Created($"/api/v1/deals/{d.Id}", d)))
            .RequireAuthorization(Policies.AnyOf(Registrars))
            .WithName("RegisterDeal")
            .WithSummary("Register a deal (vendor staff name the partner); the answer lists possible conflicts");
        deals.MapPost("/conflict-check", async (ConflictCheckRequest request, RegisterDealHandler handler, CancellationToken ct) =>
                (await handler.CheckAsync(request.Customer, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Registrars))
            .WithName("CheckConflicts")
            .WithSummary("Check a customer for conflicting registrations without registering anything");
        deals.MapGet("/", async ([AsParameters] DealListQuery q, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(new DealFilter(q.Status, q.Search, q.PartnerId), new PageRequest(q.Page ?? 1, q.PageSize ?? 25), ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("Deals, newest first (a partner sees its own)");
        deals.MapGet("/distributors", async (Distributors handler, CancellationToken ct) => TypedResults.Ok(ItemList.Of(await handler.DirectoryAsync(ct))))
            .RequireAuthorization(Policies.AnyOf(Registrars))
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
        deals.MapGet("/{dealId:guid}", async (Guid dealId, ReviewDealsHandler handler, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await handler.GetAsync(dealId, ct), "No such deal."))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithName("GetDeal")
            .WithSummary("A deal; vendor staff also see its conflicting registrations");
        deals.MapGet("/{dealId:guid}/history", async (Guid dealId, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.HistoryAsync(dealId, ct)).ToHttp(h => TypedResults.Ok(ItemList.Of(h))))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("Every change of the deal, oldest first");
        deals.MapPost("/{dealId:guid}/approve", async (Guid dealId, DealDecision? decision, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.ApproveAsync(dealId, decision ?? new DealDecision(), ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Approve: the deal is protected for the protection period");
        deals.MapPost("/{dealId:guid}/close", async (Guid dealId, ReviewDealsHandler.CloseRequest request, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.CloseAsync(dealId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Registrars))
            .WithSummary("Record that an approved deal was won or lost");
        deals.MapPost("/approve", async (ReviewDealsHandler.BulkApproval request, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.ApproveManyAsync(request, ct)).ToHttp(results => TypedResults.Ok(new ReviewDeals.ReviewDealsHandler.BulkResults(results))))
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Approve several submitted deals at once; the answer says for each whether it was approved");
        deals.MapPost("/{dealId:guid}/reject", async (Guid dealId, DealDecision decision, ReviewDealsHandler handler, CancellationToken ct) =>
                (await handler.RejectAsync(dealId, decision, ct)).ToHttp())
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("Reject with a reason; the partner is told");
        deals.MapGet("/{dealId:guid}/extension-requests", async (Guid dealId, ExtendProtection.ExtendProtectionHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(dealId, ct)).ToHttp(items => TypedResults.Ok(ItemList.Of(items))))
            .RequireAuthorization(Policies.AnyOf(Viewers))
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
        deals.MapGet("/export.csv", async ([AsParameters] DealListQuery q, ReviewDealsHandler handler, CancellationToken ct) =>
                TypedResults.File(await handler.ExportCsvAsync(new DealFilter(q.Status, q.Search, q.PartnerId), ct), "text/csv; charset=utf-8", "deals.csv"))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .ProducesFile("text/csv")
            .WithSummary("The deals matching the filters as CSV (cells that a spreadsheet would run as formulas are neutralised)");

        var fields = api.MapGroup("/deal-fields").WithTags("Deals");
        fields.MapGet("/", async (CustomFields.CustomFieldsHandler handler, CancellationToken ct) => TypedResults.Ok(ItemList.Of(await handler.ListAsync(ct))))
            .RequireAuthorization(Policies.AnyOf([.. Registrars, DealPermissions.ViewAll]))
            .WithSummary("The custom fields of the deal registration form");
        fields.MapPost("/", async (CustomFields.CustomFieldRequest request, CustomFields.CustomFieldsHandler handler, CancellationToken ct) =>
                (await handler.CreateAsync(request, ct)).ToHttp(f => TypedResults.Created($"/api/v1/deal-fields/{f.Id}", f)))
            .RequireAuthorization(DealPermissions.ManageSettings)
            .WithSummary("Add a custom field (Text, Number, Date or Choice; required or not)");
        fields.MapDelete("/{fieldId:guid}", async (Guid fieldId, CustomFields.CustomFieldsHandler handler, CancellationToken ct) =>
                (await handler.RetireAsync(fieldId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(DealPermissions.ManageSettings)
            .WithSummary("Retire a custom field: new registrations no longer ask for it; past answers stay");

        var settings = api.MapGroup("/deal-settings").WithTags("Deals");
        settings.MapGet("/", async (DealSettingsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(ct)))
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("The deal registration rules");
        settings.MapPut("/", async (DealSettingsDto request, DealSettingsHandler handler, CancellationToken ct) => (await handler.SaveAsync(request, ct)).ToHttp())
            .RequireAuthorization(DealPermissions.ManageSettings)
            .WithSummary("Change the rules: automatic approval without conflict, protection period");
    }

    public sealed record ConflictCheckRequest(CustomerQuery? Customer);
}
