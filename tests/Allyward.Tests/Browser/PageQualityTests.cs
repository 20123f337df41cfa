using Allyward.Programs.BusinessPlans;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Allyward.Tests.Browser;

/// <summary>The main pages on a phone and for assistive technology: no sideways scrolling, no serious accessibility faults.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageQualityTests(BrowserApp app)
{
    public static TheoryData<string, string> MainPages => new()
    {
        { Demo.PartnerASales, "/portal" },
        { Demo.PartnerASales, "/portal/deals" },
        { Demo.Cam, "/console/deals" },
        { Demo.Cam, "/console" },
        { Demo.Cam, "/console/partners" },
        { Demo.PartnerAAdmin, "/portal/agreements" },
        { Demo.PartnerASales, "/portal/learning" },
        { Demo.PartnerAAdmin, "/portal/learning/team" },
        { Demo.Admin, "/console/learning" },
        { Demo.PartnerAAdmin, "/portal/scorecard" },
        { Demo.Cam, "/console/programs" },
        { Demo.Admin, "/console/programs/exchange-rates" },
        { Demo.Admin, "/console/programs/kpis" },
        { Demo.Cam, "/console/plans" },
        { Demo.PartnerAAdmin, "/portal/plans" },
        { Demo.Cam, "/console/plans/{demo-plan}" },
        { Demo.PartnerAAdmin, "/portal/plans/{demo-plan}" },
    };

    /// <summary>A path with the demo business plan's id in place of <c>{demo-plan}</c>.</summary>
    private async Task<string> PathOfAsync(string path) => !path.Contains("{demo-plan}") ? path
        : path.Replace("{demo-plan}", (await app.WithDbAsync(db => db.BusinessPlans.OrderBy(p => p.CreatedAt).Select(p => p.Id).FirstAsync())).ToString());

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task A_main_page_fits_a_phone_screen_without_sideways_scrolling(string user, string path)
    {
        var page = await app.SignedInPageAsync(user, phone: true);
        await page.GotoAsync(await PathOfAsync(path));
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{path} is {overflow} px wider than a 390 px screen");
    }

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task A_main_page_has_no_serious_or_critical_accessibility_violations(string user, string path)
    {
        var page = await app.SignedInPageAsync(user);
        await page.GotoAsync(await PathOfAsync(path));
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, $"{path}:\n" + string.Join("\n", serious));
    }
}
