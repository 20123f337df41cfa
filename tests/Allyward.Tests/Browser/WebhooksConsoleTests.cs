using Allyward.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>A program admin connects an integration from the console, without the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhooksConsoleTests(BrowserApp app)
{
    [Fact]
    public async Task A_program_admin_subscribes_a_url_sees_the_secret_once_and_a_test_delivery_in_the_log()
    {
        using var receiver = new WebhookReceiver();
        var admin = await app.SignedInPageAsync(Demo.Admin);
        await BrowserApp.WaitUntilInteractiveAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(admin);

        // Nothing chosen: the form says what is missing and subscribes nothing.
        await admin.Locator("[data-testid=webhook-subscribe]").ClickAsync();
        await Expect(admin.Locator("[data-testid=webhook-form]")).ToContainTextAsync("Give the URL to deliver to.");

        await BrowserApp.Field(admin, "webhook-url").FillAsync(receiver.Url);
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "(deal.submitted)" }).CheckAsync();
        await admin.Locator("[data-testid=webhook-subscribe]").ClickAsync();
        await Expect(admin.Locator("[data-testid=webhook-secret]")).ToContainTextAsync("whsec_");

        var card = admin.Locator("[data-testid=webhook]").Filter(new() { HasText = receiver.Url });
        await Expect(card).ToHaveCountAsync(1);
        await card.Locator("[data-testid=webhook-test]").ClickAsync();
        await Expect(admin.GetByText("Test event queued")).ToBeVisibleAsync();
        await app.DrainOutboxAsync();
        Assert.Contains(receiver.Received, r => r.Body.Contains("\"webhook.test\""));

        await card.GetByRole(AriaRole.Button, new() { Name = "Hide deliveries" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(card.Locator("[data-testid=webhook-deliveries]")).ToContainTextAsync("webhook.test");
        await Expect(card.Locator("[data-testid=webhook-deliveries]")).ToContainTextAsync("Delivered");

        await card.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
    }
}
