using MudBlazor;
using Microsoft.Extensions.Configuration;
using Allyward.Platform.Modules;
using Allyward.Partners;
using Allyward.Platform.Api;
using Allyward.Platform.Files;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Agreements;

public sealed class AgreementsModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Agreements", "Versioned partner agreements and click-through signatures with their evidence.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 40, "Agreements", "/console/agreements", Icons.Material.Filled.Gavel, [AgreementPermissions.ViewAll]),
        new(NavArea.Portal, 40, "Agreements", "/portal/agreements", Icons.Material.Filled.Gavel, [AgreementPermissions.ViewOwn]),
    ];

    public override IEnumerable<PartnerTab> PartnerTabs =>
    [
        new(40, "Agreements", typeof(SignAgreement.PartnerSignaturesPanel), []),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration) => services
        .AddScoped<AgreementsHandler>()
        .AddScoped<RemindToSign.SignatureReminders>()
        .AddHostedService<RemindToSign.OverdueSignatureReminder>()
        .AddDemoData<AgreementsDemoData>();

    /// <summary>The form fields of a PDF agreement upload.</summary>
    public sealed class PublishPdfForm
    {
        public string? Title { get; set; }
        public PartnerType? PartnerType { get; set; }
        public bool RequiresResign { get; set; }
        public DateTime? ResignDeadline { get; set; }
        public IFormFile? File { get; set; }
    }

    private static readonly string[] PartnerViewers = [AgreementPermissions.ViewAll, AgreementPermissions.ViewOwn];

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Agreements");
        agreements.MapGet("/", async ([AsParameters] PageQuery paging, AgreementsHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(page, ct)))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("Every published agreement version");
        agreements.MapPost("/", async (PublishAgreementRequest request, AgreementsHandler handler, CancellationToken ct) =>
                (await handler.PublishTextAsync(request, ct)).ToHttp(a => TypedResults.Created($"/api/v1/agreements/{a.Id}", a)))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Publish a Markdown agreement (a new version when the title exists)");
        agreements.MapPost("/pdf", async ([FromForm] PublishPdfForm form, AgreementsHandler handler, CancellationToken ct) =>
                (await handler.PublishPdfAsync(new PublishAgreementRequest
                {
                    Title = form.Title, PartnerType = form.PartnerType, RequiresResign = form.RequiresResign, ResignDeadline = form.ResignDeadline,
                }, form.File, ct)).ToHttp(a => TypedResults.Created($"/api/v1/agreements/{a.Id}", a)))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Publish a PDF agreement (multipart form: title, partnerType, requiresResign, resignDeadline, file)");
        agreements.MapGet("/{agreementId:guid}", async (Guid agreementId, AgreementsHandler handler, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await handler.GetAsync(agreementId, ct), "No such agreement."))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("One agreement version");
        agreements.MapGet("/{agreementId:guid}/document", async (Guid agreementId, AgreementsHandler handler, CancellationToken ct) =>
                await handler.DocumentAsync(agreementId, ct) is { } document ? Download(document) : ApiResults.NotFound("No such agreement."))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .ProducesFile("text/markdown", "application/pdf")
            .WithSummary("The agreement's text or PDF");
        agreements.MapGet("/{agreementId:guid}/pending", async (Guid agreementId, AgreementsHandler handler, CancellationToken ct) =>
                (await handler.PendingAsync(agreementId, ct)).ToHttp(p => TypedResults.Ok(ItemList.Of(p))))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("Partners that still have to sign this version");
        agreements.MapPost("/{agreementId:guid}/reminders", async (Guid agreementId, RemindToSign.SignatureReminders reminders, CancellationToken ct) =>
                (await reminders.RemindAsync(agreementId, ct)).ToHttp(count => TypedResults.Ok(new RemindedPartners(count))))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Remind partners that still have to sign (at most once a day each)");

        var partner = api.MapGroup("/partners/{partnerId:guid}").WithTags("Agreements");
        partner.MapGet("/agreements", async (Guid partnerId, AgreementsHandler handler, CancellationToken ct) =>
                (await handler.ForPartnerAsync(partnerId, ct)).ToHttp(a => TypedResults.Ok(ItemList.Of(a))))
            .RequireAuthorization(Policies.AnyOf(PartnerViewers))
            .WithSummary("The agreements that apply to the partner and whether it must sign them");
        partner.MapGet("/agreements/{agreementId:guid}/document", async (Guid partnerId, Guid agreementId, AgreementsHandler handler, CancellationToken ct) =>
                await handler.PartnerDocumentAsync(partnerId, agreementId, ct) is { } document ? Download(document) : ApiResults.NotFound("No such agreement."))
            .RequireAuthorization(Policies.AnyOf(PartnerViewers))
            .ProducesFile("text/markdown", "application/pdf")
            .WithSummary("Read an agreement that applies to the partner, before signing it");
        partner.MapPost("/agreements/{agreementId:guid}/signatures", async (Guid partnerId, Guid agreementId, SignRequest request, AgreementsHandler handler, CancellationToken ct) =>
                (await handler.SignAsync(partnerId, agreementId, request, ct)).ToHttp(s => TypedResults.Created($"/api/v1/partners/{partnerId}/signatures/{s.Id}", s)))
            .RequireAuthorization(AgreementPermissions.Sign)
            .WithSummary("Sign an agreement version for the organization (click-through; evidence is recorded)");
        partner.MapGet("/signatures", async (Guid partnerId, [AsParameters] PageQuery paging, AgreementsHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.SignaturesAsync(partnerId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(PartnerViewers))
            .WithSummary("The partner's signatures with their evidence");
        partner.MapGet("/signatures/{signatureId:guid}/document", async (Guid partnerId, Guid signatureId, AgreementsHandler handler, CancellationToken ct) =>
                await handler.SignedDocumentAsync(partnerId, signatureId, ct) is { } document ? Download(document) : ApiResults.NotFound("No such signature."))
            .RequireAuthorization(Policies.AnyOf(PartnerViewers))
            .ProducesFile("text/markdown", "application/pdf")
            .WithSummary("Download exactly what was signed");
        partner.MapPost("/signatures/{signatureId:guid}/countersign", async (Guid partnerId, Guid signatureId, AgreementsHandler handler, CancellationToken ct) =>
                (await handler.CounterSignAsync(partnerId, signatureId, ct)).ToHttp())
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Counter-sign a partner's signature for the vendor");
    }

    private static IResult Download(Document document) =>
        TypedResults.File(document.Content, document.ContentType, document.FileName);
}

/// <summary>How many partners were reminded.</summary>
public sealed record RemindedPartners(int Reminded);
