using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Deals;

/// <summary>
/// Expires approved deals whose protection has ended: the move, its history, the registrant's notification and the
/// webhook commit together, and with several nodes running this at once every deal expires exactly once.
/// </summary>
public sealed class DealExpiry(AllywardDbContext db, TimeProvider time, Platform.Webhooks.WebhookPublisher webhooks, DealNotifications notifications)
    : ClaimedWork<Guid>(db, time)
{
    protected override async Task<IReadOnlyList<Guid>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken) =>
        await Db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil < now)
            .OrderBy(d => d.ProtectedUntil).Select(d => d.Id).Take(limit).ToListAsync(cancellationToken);

    protected override async Task<bool> ClaimAsync(Guid dealId, DateTime now, CancellationToken cancellationToken)
    {
        var deal = await Db.Deals.SingleAsync(d => d.Id == dealId, cancellationToken);
        if (deal.Expire(now) is not null) return false;
        await Conflicts.MatchKeys.UnfileAsync(Db, deal, cancellationToken);
        Db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = "system", Action = "expired", Detail = "The protection period ended.",
        });
        await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal protection ended: {deal.CustomerName}", "Its registration no longer protects it.", cancellationToken);
        await webhooks.PublishAsync(DealWebhookEvents.Expired, DealEvent.Of(deal), cancellationToken);
        return true;
    }
}

/// <summary>
/// Tells registrants, once per protection period, that protection ends within <see cref="ReminderLead"/>; the mark on
/// the deal and the notification commit together.
/// </summary>
public sealed class DealProtectionReminders(AllywardDbContext db, TimeProvider time, DealNotifications notifications) : ClaimedWork<Guid>(db, time)
{
    /// <summary>How long before the end of protection the registrant is reminded.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromDays(14);

    protected override async Task<IReadOnlyList<Guid>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        var soon = now + ReminderLead;
        return await Db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil > now && d.ProtectedUntil <= soon && d.ExpiryReminderSentAt == null)
            .OrderBy(d => d.ProtectedUntil).Select(d => d.Id).Take(limit).ToListAsync(cancellationToken);
    }

    protected override async Task<bool> ClaimAsync(Guid dealId, DateTime now, CancellationToken cancellationToken)
    {
        var deal = await Db.Deals.SingleAsync(d => d.Id == dealId, cancellationToken);
        if (!deal.MarkExpiryReminded(now)) return false;
        await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Protection ends {deal.ProtectedUntil:yyyy-MM-dd}: {deal.CustomerName}",
            "Close the deal or ask for an extension before then.", cancellationToken);
        return true;
    }
}

internal sealed class DealExpiryWorker(IServiceScopeFactory scopes, ILogger<DealExpiryWorker> logger) : PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DealProtectionReminders>().RunAsync(cancellationToken);
        await services.GetRequiredService<DealExpiry>().RunAsync(cancellationToken);
    }
}
