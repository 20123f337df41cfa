using System.Net;
using Allyward.Platform.Identity;
using Allyward.Tests.Infrastructure;
using Allyward.Tests.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>Tiers in the browser: a partner admin sees what is missing, the CAM evaluates and approves, the partner sees its new tier.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgramJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task A_partner_sees_what_is_missing_then_the_cam_promotes_it_and_it_sees_its_new_tier_and_benefits()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var (programId, _) = await ProgramTests.ProgramAsync(admin, [ProgramTests.Requirement("WonDeals", 2)], needsApproval: true,
            benefits: new { discountPercent = 20, other = new[] { "Co-marketing kit" } });
        var programName = (await admin.GetAsync($"/api/v1/programs/{programId}").ExpectJsonAsync(HttpStatusCode.OK))["name"]!.GetValue<string>();
        var partnerId = await app.NewPartnerAsync();
        await app.MovePartnerAsync(partnerId, "Onboarding", "Active");
        var partnerAdmin = await app.NewPartnerUserAsync(partnerId, "PartnerAdmin", accept: false);
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(partnerAdmin);
            return await users.AddPasswordAsync(user!, Demo.Password);
        });
        var partnerName = (await (await app.ApiClientAsync(Demo.Cam)).GetAsync($"/api/v1/partners/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["name"]!.GetValue<string>();
        await ProgramTests.WonDealAsync(app, partnerId, 12_000_00);

        // The partner admin's scorecard: in the entry tier, one won deal short of Silver.
        var partner = await app.SignedInPageAsync(partnerAdmin);
        await partner.GotoAsync("/portal/scorecard");
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        var standing = partner.Locator("[data-testid=program-standing]").Filter(new() { HasText = programName });
        await Expect(standing.Locator("[data-testid=current-tier]")).ToHaveTextAsync("Registered");
        await Expect(standing.Locator("[data-testid=missing]")).ToContainTextAsync("1 more won deal");

        // A second deal is won; the CAM runs the evaluation and approves the promotion it proposes.
        await ProgramTests.WonDealAsync(app, partnerId, 8_000_00);
        var cam = await app.SignedInPageAsync(Demo.Cam);
        await cam.GotoAsync($"/console/programs/{programId}");
        await BrowserApp.WaitUntilInteractiveAsync(cam);
        await cam.Locator("[data-testid=run-evaluation]").ClickAsync();
        await Expect(cam.Locator("[data-testid=evaluation-result]")).ToContainTextAsync("proposed");
        var proposal = cam.Locator("[data-testid=proposal]").Filter(new() { HasText = partnerName });
        await Expect(proposal).ToContainTextAsync("Silver");
        await proposal.Locator("[data-testid=approve-promotion]").ClickAsync();
        await Expect(proposal).ToHaveCountAsync(0);

        // The partner sees its new tier and what it brings.
        await partner.ReloadAsync();
        await BrowserApp.WaitUntilInteractiveAsync(partner);
        standing = partner.Locator("[data-testid=program-standing]").Filter(new() { HasText = programName });
        await Expect(standing.Locator("[data-testid=current-tier]")).ToHaveTextAsync("Silver");
        await Expect(standing.Locator("[data-testid=benefits]")).ToContainTextAsync("20% discount");
        await Expect(partner.Locator("[data-testid=tier-history]")).ToContainTextAsync("promotion approved");
    }
}
