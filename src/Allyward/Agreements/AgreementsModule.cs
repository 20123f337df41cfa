using Allyward.Agreements.PublishAgreement;
using Allyward.Agreements.RemindToSign;
using Allyward.Agreements.ReviewSignatures;
using Allyward.Agreements.SignAgreement;
using Allyward.Platform.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Allyward.Agreements;

public sealed class AgreementsModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Agreements", "Versioned partner agreements and click-through signatures with their evidence.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 40, "Agreements", "/console/agreements", Icons.Material.Filled.Gavel, [AgreementPermissions.ViewAll]),
        new(NavArea.Portal, 40, "Agreements", "/portal/agreements", Icons.Material.Filled.Gavel, [AgreementPermissions.ViewOwn]),
    ];

    public override IEnumerable<HomeCard> HomeCards =>
    [
        new(HomeArea.Portal, 10, typeof(SignAgreement.AgreementsToSignCard), [AgreementPermissions.Sign]),
    ];

    public override IEnumerable<PartnerTab> PartnerTabs =>
    [
        new(40, "Agreements", typeof(PartnerSignaturesPanel), []),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration) => services
        .AddScoped<AgreementDocuments>()
        .AddScoped<PublishAgreementHandler>()
        .AddScoped<SignAgreementHandler>()
        .AddScoped<ReviewSignaturesHandler>()
        .AddScoped<PendingSignatures>()
        .AddScoped<SignatureReminders>()
        .AddHostedService<OverdueSignatureReminder>()
        .AddDemoData<AgreementsDemoData>();

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Agreements");
        PublishAgreementEndpoints.Map(agreements);
        RemindToSignEndpoints.Map(agreements);

        string[] partnerViewers = [AgreementPermissions.ViewAll, AgreementPermissions.ViewOwn];
        var partner = api.MapGroup("/partners/{partnerId:guid}").WithTags("Agreements");
        SignAgreementEndpoints.Map(partner, partnerViewers);
        ReviewSignaturesEndpoints.Map(partner, partnerViewers);
    }
}
