using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TemplateEditorTests(BrowserApp app)
{
    [Fact]
    public async Task A_program_admin_creates_an_onboarding_template_in_the_console()
    {
        var name = $"Referral onboarding {Unique.Suffix()}";
        await app.WithDbAsync(db => db.OnboardingTemplates.Where(t => t.PartnerType == Allyward.Partners.Contracts.PartnerType.Referral).ExecuteDeleteAsync());
        var page = await app.SignedInPageAsync(Demo.Admin);
        await page.GotoAsync("/console/onboarding-templates");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=template-new]").ClickAsync();
        var editor = page.Locator("[data-testid=template-editor]");
        await editor.Locator("input").First.FillAsync(name);
        await editor.Locator("input").First.PressAsync("Tab");
        await editor.Locator("[data-testid=template-type]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Referral" }).ClickAsync();

        await editor.Locator("[data-testid=template-save]").ClickAsync();
        await Expect(editor).ToContainTextAsync("A template has 1 to 50 tasks.");

        await editor.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        var title = editor.GetByLabel("Task 1");
        await title.FillAsync("Introductory call");
        await title.PressAsync("Tab");
        await editor.Locator("[data-testid=template-save]").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        var stored = await app.WithDbAsync(db => db.OnboardingTemplates.SingleAsync(t => t.Name == name));
        Assert.Equal(Allyward.Partners.Contracts.PartnerType.Referral, stored.PartnerType);
        Assert.Equal("Introductory call", Assert.Single(stored.Tasks).Title);
    }
}
