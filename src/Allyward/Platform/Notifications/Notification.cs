using Allyward.Platform.Data;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;

namespace Allyward.Platform.Notifications;

/// <summary>An in-app message for one user, shown with an unread count.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Title { get; init; } = "";
    public string? Body { get; init; }
    public string? Link { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.Title).HasMaxLength(300);
        notification.Property(n => n.Body).HasMaxLength(2000);
        notification.Property(n => n.Link).HasMaxLength(500);
        notification.HasIndex(n => new { n.UserId, n.ReadAt });
    }
}

/// <summary>
/// Queued through the outbox so that a notification is created exactly when the change that caused it commits.
/// With <see cref="EmailTo"/> the same message also mails it, with a link to <see cref="Link"/>.
/// </summary>
public sealed record NotifyUser(Guid UserId, string Title, string? Body, string? Link, string? EmailTo = null) : IOutboxPayload
{
    public static string Type => "notify-user";
}

internal sealed class NotifyUserHandler(
    AllywardDbContext db, TimeProvider time, Mail.MailSender mail, Outbox.Outbox outbox,
    Microsoft.Extensions.Options.IOptions<Accounts.AllywardOptions> options,
    ILogger<NotifyUserHandler> logger) : OutboxHandler<NotifyUser>
{
    private static readonly CompiledQuery<Func<AllywardDbContext, Guid, CancellationToken, Task<bool>>> AlreadyDelivered = new(() => EF.CompileAsyncQuery(
        (AllywardDbContext db, Guid messageId, CancellationToken _) => db.Notifications.Any(n => n.Id == messageId)));

    /// <summary>The messages of the part being handled, and those of them whose notification exists already.</summary>
    private (HashSet<Guid> Asked, HashSet<Guid> Delivered)? _prepared;

    public override async Task PrepareAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.Id).ToList();
        _prepared = ([.. ids], await db.Notifications.Where(n => ids.Contains(n.Id)).Select(n => n.Id).ToHashSetAsync(cancellationToken));
    }

    protected override async Task HandleAsync(Guid messageId, NotifyUser payload, CancellationToken cancellationToken)
    {
        // The notification takes the outbox message's id, so a redelivery finds it and does nothing, mail included.
        var delivered = _prepared is var (asked, known) && asked.Contains(messageId)
            ? known.Contains(messageId)
            : await AlreadyDelivered.For(db)(db, messageId, cancellationToken);
        if (delivered) return;
        db.Notifications.Add(new Notification
        {
            Id = messageId,
            UserId = payload.UserId,
            Title = payload.Title,
            Body = payload.Body,
            Link = payload.Link,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        // Saved by the outbox worker together with the message's completion.
        if (payload.EmailTo is not { } address) return;
        var link = payload.Link is null ? null : $"{options.Value.PublicUrl.TrimEnd('/')}{payload.Link}";
        var email = new Mail.EmailMessage(address, payload.Title, string.Join("\n\n", new[] { payload.Title, payload.Body, link }.Where(p => !string.IsNullOrEmpty(p))));
        try
        {
            await mail.SendAsync(messageId, email, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The in-app notification does not wait for the mail server: the mail is retried on its own, with backoff.
            logger.LogWarning(ex, "Mail for notification {Id} failed; it is queued to be retried.", messageId);
            outbox.Enqueue(email);
        }
    }
}

public sealed record NotificationItem(Guid Id, string Title, string? Body, string? Link, DateTime CreatedAt, bool IsRead);

/// <summary>The signed-in user's own notifications; nobody reads another user's.</summary>
public sealed class NotificationInbox(AllywardDbContext db, TimeProvider time)
{
    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);

    public IQueryable<NotificationItem> Query(Guid userId) =>
        db.Notifications.Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt)
            .Select(n => new NotificationItem(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null));

    public async Task<bool> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId, cancellationToken);
        if (notification is null) return false;
        notification.ReadAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
