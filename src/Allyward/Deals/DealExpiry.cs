using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Deals;

/// <summary>
/// Expires approved deals whose protection has ended. Each deal is moved with one conditional update
/// (Approved → Expired), so with several nodes running this at once every deal expires exactly once.
/// </summary>
public sealed class DealExpiry(AllywardDbContext db, TimeProvider time, Platform.Webhooks.WebhookPublisher webhooks, DealNotifications notifications)
{
    /// <summary>How long before the end of protection the registrant is reminded.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromDays(14);

    /// <summary>Tells registrants, once per protection period, that protection ends within <see cref="ReminderLead"/>.</summary>
    public async Task<int> RemindEndingSoonAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var soon = now + ReminderLead;
        var due = await db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil > now && d.ProtectedUntil <= soon && d.ExpiryReminderSentAt == null)
            .OrderBy(d => d.ProtectedUntil).Select(d => new { d.Id, d.CustomerName, d.RegisteredById, d.ProtectedUntil }).Take(500).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var deal in due)
        {
            var claimed = await db.Deals.Where(d => d.Id == deal.Id && d.ExpiryReminderSentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ExpiryReminderSentAt, now), cancellationToken);
            if (claimed == 0) continue;
            await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Protection ends {deal.ProtectedUntil:yyyy-MM-dd}: {deal.CustomerName}",
                "Close the deal or ask for an extension before then.", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            sent++;
        }
        return sent;
    }

    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil < now)
            .OrderBy(d => d.ProtectedUntil).Select(d => new { d.Id, d.PartnerId, d.CustomerName, d.RegisteredById }).Take(500).ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var deal in due)
        {
            var claimed = await db.Deals
                .Where(d => d.Id == deal.Id && d.Status == DealStatus.Approved)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DealStatus.Expired).SetProperty(d => d.FiledKeys, new List<long>()), cancellationToken);
            if (claimed == 0) continue;
            await Conflicts.MatchKeys.UnfileAsync(db, deal.Id, cancellationToken);
            db.DealHistory.Add(new DealHistoryEntry
            {
                DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = "system", Action = "expired", Detail = "The protection period ended.",
            });
            await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal protection ended: {deal.CustomerName}", "The deal is now Expired.", cancellationToken);
            // The same payload as every other deal event, read after the status changed.
            var expiredDeal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id, cancellationToken);
            await webhooks.PublishAsync(DealWebhookEvents.Expired, DealEvent.Of(expiredDeal), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            expired++;
        }
        return expired;
    }
}

internal sealed class DealExpiryWorker(IServiceScopeFactory scopes, ILogger<DealExpiryWorker> logger) : Platform.Hosting.PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var expiry = services.GetRequiredService<DealExpiry>();
        await expiry.RemindEndingSoonAsync(cancellationToken);
        await expiry.ExpireDueAsync(cancellationToken);
    }
}
