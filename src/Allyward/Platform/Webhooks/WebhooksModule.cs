using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Allyward.Platform.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Webhooks;

public static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection("Webhooks"));
        services.AddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.AddSingleton<WebhookTargets>();
        services.AddHttpClient(nameof(DeliverWebhookHandler), client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.AllowPrivateNetworks
                    ? null
                    : sp.GetRequiredService<WebhookTargets>().ConnectPubliclyAsync,
            });
        return services
            .AddScoped<WebhookPublisher>()
            .AddScoped<WebhookSubscriptions>()
            .AddScoped<IOutboxHandler, DeliverWebhookHandler>();
    }

    public static void MapWebhooks(this IEndpointRouteBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(PlatformPermissions.ManageWebhooks);
        webhooks.MapGet("/", async (WebhookSubscriptions subscriptions, Modules.ModuleCatalog modules, CancellationToken ct) =>
                TypedResults.Ok(new SubscriptionList(await subscriptions.ListAsync(ct), [.. modules.WebhookEvents.Select(e => e.Name)])))
            .WithSummary("Webhook subscriptions, and the events they can receive");
        webhooks.MapPost("/", async (SubscriptionRequest request, WebhookSubscriptions subscriptions, CancellationToken ct) =>
                (await subscriptions.CreateAsync(request, ct)).ToHttp(s => TypedResults.Created($"/api/v1/webhooks/{s.Id}", s)))
            .WithSummary("Subscribe a URL to events; the signing secret is in the answer and never shown again");
        webhooks.MapDelete("/{webhookId:guid}", async (Guid webhookId, WebhookSubscriptions subscriptions, CancellationToken ct) =>
                (await subscriptions.DeleteAsync(webhookId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Stop delivering to a subscription");
        webhooks.MapPost("/{webhookId:guid}/rotate-secret", async (Guid webhookId, WebhookSubscriptions subscriptions, CancellationToken ct) =>
                (await subscriptions.RotateSecretAsync(webhookId, ct)).ToHttp())
            .WithSummary("Replace the signing secret; the new one is in the answer and never shown again");
        webhooks.MapPost("/{webhookId:guid}/test", async (Guid webhookId, WebhookSubscriptions subscriptions, CancellationToken ct) =>
                (await subscriptions.SendTestAsync(webhookId, ct)).ToHttp(test => TypedResults.Accepted((string?)null, test)))
            .Produces<TestDelivery>(StatusCodes.Status202Accepted)
            .WithSummary("Send a signed 'webhook.test' event to the subscription; its attempts appear in the delivery log");
        webhooks.MapGet("/{webhookId:guid}/deliveries", async (Guid webhookId, [AsParameters] PageQuery paging, WebhookSubscriptions subscriptions, CancellationToken ct) =>
                await paging.ToHttpAsync(page => subscriptions.DeliveriesAsync(webhookId, page, ct)))
            .WithSummary("The delivery log: every attempt with its status and time");
    }
}

/// <summary>The webhook subscriptions, and the events a subscription can receive.</summary>
public sealed record SubscriptionList(IReadOnlyList<SubscriptionDto> Items, IReadOnlyList<string> Events);
