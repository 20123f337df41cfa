using MudBlazor;
using Microsoft.Extensions.Configuration;
using Allyward.Platform.Modules;
using Allyward.Partners.ChangeStage;
using Allyward.Partners.Contacts;
using Allyward.Partners.ListPartners;
using Allyward.Partners.PartnerUsers;
using Allyward.Partners.SavePartner;
using Allyward.Partners.Contracts;
using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Partners;

public sealed class PartnersModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Partners", "Partner organizations, their users, contacts, lifecycle stages and timeline.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 10, "Overview", "/console", Icons.Material.Filled.Dashboard, [PartnerPermissions.ViewAll], ExactMatch: true),
        new(NavArea.Console, 20, "Partners", "/console/partners", Icons.Material.Filled.Handshake, [PartnerPermissions.ViewAll]),
        new(NavArea.Portal, 10, "Home", "/portal", Icons.Material.Filled.Home, [PartnerPermissions.ViewOwn], ExactMatch: true),
        new(NavArea.Portal, 20, "My organization", "/portal/organization", Icons.Material.Filled.Business, [PartnerPermissions.ViewOwn]),
    ];


    public override IEnumerable<Platform.Modules.WebhookEventType> WebhookEvents => PartnerWebhookEvents.All;

    public override void AddServices(IServiceCollection services, IConfiguration configuration) => services
        .AddScoped<ListPartnersHandler>()
        .AddScoped<SavePartnerHandler>()
        .AddScoped<ChangeStageHandler>()
        .AddScoped<PartnerUsersHandler>()
        .AddScoped<ContactsHandler>()
        .AddScoped<EditProfile.EditProfileHandler>()
        .AddScoped<EditProfile.PartnerLogo>()
        .AddScoped<PartnerTimeline>()
        .AddScoped<PartnerActivity>()
        .AddScoped<PartnerStages>()
        .AddScoped<Platform.Isolation.IPartnerAccessPolicy, PartnerStageAccess>()
        .AddDemoData<PartnersDemoData>();

    private static readonly string[] Viewers = [PartnerPermissions.ViewAll, PartnerPermissions.ViewOwn];
    private static readonly string[] UserManagers = [PartnerPermissions.ManageAnyUsers, PartnerPermissions.ManageOwnUsers];

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var partners = api.MapGroup("/partners").WithTags("Partners");
        var partner = partners.MapGroup("/{partnerId:guid}");

        ListPartnersEndpoints.Map(partners, Viewers);

        partners.MapPost("/", async (SavePartnerRequest request, SavePartnerHandler handler, CancellationToken ct) =>
                (await handler.CreateAsync(request, ct)).ToHttp(p => TypedResults.Created($"/api/v1/partners/{p.Id}", p)))
            .RequireAuthorization(PartnerPermissions.Manage)
            .WithSummary("Create a partner organization");

        partner.MapGet("/", async (Guid partnerId, AllywardDbContext db, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await PartnerQueries.GetAsync(db, partnerId, ct), "No such partner."))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("Read a partner organization");

        partner.MapPut("/", async (Guid partnerId, SavePartnerRequest request, SavePartnerHandler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(partnerId, request, ct)).ToHttp())
            .RequireAuthorization(PartnerPermissions.Manage)
            .WithSummary("Update a partner's profile");

        EditProfile.EditProfileEndpoints.Map(partner);

        partner.MapGet("/stage-transitions", async (Guid partnerId, [AsParameters] PageQuery paging, ChangeStageHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(partnerId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("The partner's recorded stage transitions, newest first");

        partner.MapPost("/stage-transitions", async (Guid partnerId, ChangeStageRequest request, ChangeStageHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(partnerId, request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/partners/{partnerId}/stage-transitions", t)))
            .RequireAuthorization(PartnerPermissions.ChangeStage)
            .WithSummary("Move the partner to another lifecycle stage (409 if the lifecycle does not allow it)");

        partner.MapGet("/timeline", async (Guid partnerId, [AsParameters] PageQuery paging, PartnerTimeline timeline, CancellationToken ct) =>
                await paging.ToHttpAsync(page => timeline.ListAsync(partnerId, page, ct)))
            .RequireAuthorization(PartnerPermissions.ViewAll)
            .WithSummary("Everything that happened with the partner, newest first");

        partner.MapGet("/users", async (Guid partnerId, [AsParameters] PageQuery paging, PartnerUsersHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(partnerId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("The partner's portal users");

        partner.MapPost("/users", async (Guid partnerId, InviteUserRequest request, PartnerUsersHandler handler, CancellationToken ct) =>
                (await handler.InviteAsync(partnerId, request, ct)).ToHttp(u => TypedResults.Created($"/api/v1/partners/{partnerId}/users/{u.Id}", u)))
            .RequireAuthorization(Policies.AnyOf(UserManagers))
            .WithSummary("Invite a portal user; they receive an e-mail link to set their password");

        partner.MapPut("/users/{userId:guid}/role", async (Guid partnerId, Guid userId, ChangeRoleRequest request, PartnerUsersHandler handler, CancellationToken ct) =>
                (await handler.ChangeRoleAsync(partnerId, userId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(UserManagers))
            .WithSummary("Give a portal user another partner role (the learning assigned to the new role follows)");

        partner.MapDelete("/users/{userId:guid}", async (Guid partnerId, Guid userId, PartnerUsersHandler handler, CancellationToken ct) =>
                (await handler.DeactivateAsync(partnerId, userId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(UserManagers))
            .WithSummary("Deactivate a portal user (sign-in and API tokens stop working)");

        partner.MapGet("/contacts", async (Guid partnerId, [AsParameters] PageQuery paging, ContactsHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(partnerId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(Viewers))
            .WithSummary("The partner's contacts");

        partner.MapPost("/contacts", async (Guid partnerId, SaveContactRequest request, ContactsHandler handler, CancellationToken ct) =>
                (await handler.AddAsync(partnerId, request, ct)).ToHttp(c => TypedResults.Created($"/api/v1/partners/{partnerId}/contacts/{c.Id}", c)))
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ProfileEditors))
            .WithSummary("Add a contact (partner admins: to their own organization)");

        partner.MapPut("/contacts/{contactId:guid}", async (Guid partnerId, Guid contactId, SaveContactRequest request, ContactsHandler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(partnerId, contactId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ProfileEditors))
            .WithSummary("Change a contact (partner admins: their own organization's)");

        partner.MapDelete("/contacts/{contactId:guid}", async (Guid partnerId, Guid contactId, ContactsHandler handler, CancellationToken ct) =>
                (await handler.RemoveAsync(partnerId, contactId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(Policies.AnyOf(PartnerPermissions.ProfileEditors))
            .WithSummary("Remove a contact");

    }

}
