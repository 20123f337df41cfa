using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Webhooks;

/// <summary>An integration's URL that receives signed event notifications.</summary>
public sealed class WebhookSubscription : IAudited, ICachedConfiguration
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Url { get; set; } = "";
    public List<string> Events { get; set; } = [];
    public string? Description { get; set; }

    /// <summary>The signing secret (Standard Webhooks "whsec_" form); shown once, when the subscription is made.</summary>
    [NotAudited]
    public string Secret { get; set; } = "";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; init; }
}

/// <summary>One attempt to deliver an event to a subscription: the delivery log.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SubscriptionId { get; init; }
    public Guid EventId { get; init; }
    public string EventType { get; init; } = "";
    public DateTime AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public bool Succeeded { get; init; }
    public string? Error { get; init; }
    public long DurationMs { get; init; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<WebhookSubscription>, IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> subscription)
    {
        subscription.Property(s => s.Url).HasMaxLength(500);
        subscription.Property(s => s.Description).HasMaxLength(200);
        subscription.Property(s => s.Secret).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.Property(d => d.EventType).HasMaxLength(60);
        delivery.Property(d => d.Error).HasMaxLength(1000);
        delivery.HasIndex(d => new { d.SubscriptionId, d.AttemptedAt });
    }
}

/// <summary>Queued through the outbox: one event for one subscription.</summary>
public sealed record DeliverWebhook(Guid SubscriptionId, Guid EventId, string EventType, string Body, long Timestamp) : IOutboxPayload
{
    public static string Type => "deliver-webhook";
}

/// <summary>Queues an event for every active subscription to it, in the caller's unit of work.</summary>
public sealed class WebhookPublisher(AllywardDbContext db, Outbox.Outbox outbox, TimeProvider time, ConfigurationCache cache)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task PublishAsync(string eventType, object data, CancellationToken cancellationToken = default)
    {
        var subscriptions = await cache.GetAsync("webhook-subscriptions",
            async ct => await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive).ToListAsync(ct), cancellationToken);
        var now = time.GetUtcNow();
        foreach (var subscription in subscriptions.Where(s => s.Events.Contains(eventType)))
        {
            var eventId = Guid.CreateVersion7();
            var body = JsonSerializer.Serialize(new { type = eventType, timestamp = now, data }, Json);
            outbox.Enqueue(new DeliverWebhook(subscription.Id, eventId, eventType, body, now.ToUnixTimeSeconds()));
        }
    }
}

/// <summary>
/// Posts an event signed in the Standard Webhooks style: headers <c>webhook-id</c>, <c>webhook-timestamp</c> and
/// <c>webhook-signature: v1,base64(HMAC-SHA256(secret, "id.timestamp.body"))</c>. A failed attempt is logged and
/// thrown, so the outbox retries it with backoff; receivers use <c>webhook-id</c> to ignore a repeat.
/// </summary>
internal sealed class DeliverWebhookHandler(AllywardDbContext db, IHttpClientFactory clients, TimeProvider time) : OutboxHandler<DeliverWebhook>
{
    protected override async Task HandleAsync(Guid messageId, DeliverWebhook message, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == message.SubscriptionId, cancellationToken);
        if (subscription is null || !subscription.IsActive) return;

        var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.EventId.ToString());
        request.Headers.Add("webhook-timestamp", message.Timestamp.ToString());
        request.Headers.Add("webhook-signature", Sign(subscription.Secret, message.EventId.ToString(), message.Timestamp, message.Body));

        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        try
        {
            using var response = await clients.CreateClient(nameof(DeliverWebhookHandler)).SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"The endpoint answered {status}.";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error = ex.Message;
        }
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            SubscriptionId = subscription.Id, EventId = message.EventId, EventType = message.EventType, AttemptedAt = time.GetUtcNow().UtcDateTime,
            StatusCode = status, Succeeded = error is null, Error = error is { Length: > 1000 } ? error[..1000] : error, DurationMs = watch.ElapsedMilliseconds,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (error is not null) throw new HttpRequestException(error);
    }

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_") ? secret[6..] : secret);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return $"v1,{Convert.ToBase64String(signature)}";
    }
}

public sealed record SubscriptionRequest
{
    [Required(ErrorMessage = "Give the URL to deliver to."), StringLength(500, ErrorMessage = "The URL is at most 500 characters.")]
    public string? Url { get; init; }

    [Required(ErrorMessage = "List the events to deliver.")]
    public List<string>? Events { get; init; }

    [StringLength(200, ErrorMessage = "The description is at most 200 characters.")]
    public string? Description { get; init; }
}

public sealed record SubscriptionDto(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool IsActive, DateTime CreatedAt, string? Secret);

public sealed record DeliveryItem(Guid Id, Guid EventId, string EventType, DateTime AttemptedAt, int? StatusCode, bool Succeeded, string? Error, long DurationMs);

/// <param name="EventId">The <c>webhook-id</c> the test delivery carries; its attempts appear in the delivery log.</param>
public sealed record TestDelivery(Guid EventId);

public sealed class WebhookSubscriptions(AllywardDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<WebhookOptions> options,
    Modules.ModuleCatalog modules, WebhookTargets targets, Outbox.Outbox outbox, Isolation.CurrentUser currentUser, AuditLog audit)
{
    /// <summary>The event type of a test delivery; it is sent to one subscription on request, never published.</summary>
    public const string TestEvent = "webhook.test";

    public async Task<Outcome<SubscriptionDto>> CreateAsync(SubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Url is { } url)
        {
            if (!(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                errors.Add("url", "The URL must be a full http or https address.");
            }
            else if (WebhookTargets.HostOf(uri) is null)
            {
                errors.Add("url", "The URL's host is not a valid host name.");
            }
            else if (!options.Value.AllowPrivateNetworks && await targets.NamesInternalHostAsync(uri, cancellationToken))
            {
                errors.Add("url", WebhookTargets.Refusal);
            }
        }
        var known = modules.WebhookEvents.Select(e => e.Name).ToList();
        if (request.Events is { } events && (events.Count == 0 || events.Any(e => !known.Contains(e))))
        {
            errors.Add("events", $"List one or more of: {string.Join(", ", known)}.");
        }
        if (errors.Any) return Outcome<SubscriptionDto>.Invalid(errors);
        if (await db.WebhookSubscriptions.CountAsync(s => s.IsActive, cancellationToken) >= options.Value.MaxSubscriptions)
        {
            return Outcome<SubscriptionDto>.Conflict($"There are already {options.Value.MaxSubscriptions} webhook subscriptions; delete one first.");
        }
        var subscription = new WebhookSubscription
        {
            Url = request.Url!.Trim(), Events = request.Events!.Distinct().ToList(), Description = request.Description?.Trim(),
            Secret = WebhookSubscription.NewSecret(), CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(subscription, withSecret: true);
    }

    /// <summary>The active subscriptions (at most <see cref="WebhookOptions.MaxSubscriptions"/>); deleted ones keep their delivery log but leave the list.</summary>
    public async Task<IReadOnlyList<SubscriptionDto>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken))
            .Select(s => ToDto(s, withSecret: false)).ToList();

    public async Task<Outcome<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null) return Outcome<bool>.NotFound("No such webhook.");
        subscription.IsActive = false;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Replaces the signing secret; the answer carries the new one, shown this once. Deliveries still waiting are signed
    /// with the new secret when they are sent.
    /// </summary>
    public async Task<Outcome<SubscriptionDto>> RotateSecretAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id && s.IsActive, cancellationToken);
        if (subscription is null) return Outcome<SubscriptionDto>.NotFound("No such webhook.");
        subscription.Secret = WebhookSubscription.NewSecret();
        audit.Add("webhook-subscription.secret-rotated", currentUser.Id, currentUser.Name, nameof(WebhookSubscription), subscription.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(subscription, withSecret: true);
    }

    /// <summary>Sends a signed test event to the subscription through the outbox, like any event, and logs its attempts.</summary>
    public async Task<Outcome<TestDelivery>> SendTestAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.IsActive, cancellationToken);
        if (subscription is null) return Outcome<TestDelivery>.NotFound("No such webhook.");
        var now = time.GetUtcNow();
        var eventId = Guid.CreateVersion7();
        var body = JsonSerializer.Serialize(new { type = TestEvent, timestamp = now, data = new { subscriptionId = subscription.Id, sentBy = currentUser.Name } },
            JsonSerializerOptions.Web);
        outbox.Enqueue(new DeliverWebhook(subscription.Id, eventId, TestEvent, body, now.ToUnixTimeSeconds()));
        await db.SaveChangesAsync(cancellationToken);
        return new TestDelivery(eventId);
    }

    public async Task<Outcome<Paged<DeliveryItem>>> DeliveriesAsync(Guid id, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, cancellationToken)) return Outcome<Paged<DeliveryItem>>.NotFound("No such webhook.");
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.AttemptedAt)
            .Select(d => new DeliveryItem(d.Id, d.EventId, d.EventType, d.AttemptedAt, d.StatusCode, d.Succeeded, d.Error, d.DurationMs))
            .ToPageAsync(page, cancellationToken);
    }

    private static SubscriptionDto ToDto(WebhookSubscription s, bool withSecret) =>
        new(s.Id, s.Url, s.Events, s.Description, s.IsActive, s.CreatedAt, withSecret ? s.Secret : null);
}
