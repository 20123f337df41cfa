using Allyward.Deals.ExtendProtection;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.DealsAtAGlance;

public sealed record DealNeedingAction(Guid Id, string CustomerName, string What);

/// <summary>A partner's deals on its home page: how many in each status, and what needs doing first.</summary>
public sealed record PartnerDealsGlance(IReadOnlyDictionary<DealStatus, int> ByStatus, IReadOnlyList<DealNeedingAction> NeedAction);

/// <summary>The review work on the console home: what waits, for how long, and which extensions wait for a decision.</summary>
public sealed record ReviewGlance(int Waiting, DateTime? OldestSubmittedAt, int WaitingOverTwoDays, int ExtensionsWaiting, int ProtectionEndingSoon, bool OnlyMyPartners);

public sealed class DealsAtAGlanceHandler(AllywardDbContext db, CurrentUser currentUser, TimeProvider time)
{
    /// <summary>How far ahead a protection's end counts as "ending soon".</summary>
    public static readonly TimeSpan EndingSoon = TimeSpan.FromDays(14);

    /// <summary>The most deals of each kind of action listed; the deals page has the rest.</summary>
    private const int MostActions = 5;

    /// <summary>For a partner user: the caller's organization's deals (isolation keeps it to them).</summary>
    public async Task<PartnerDealsGlance> ForPartnerAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var byStatus = await db.Deals.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var soon = now + EndingSoon;
        var ending = await db.Deals.Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil <= soon)
            .OrderBy(d => d.ProtectedUntil).ThenBy(d => d.Id).Take(MostActions)
            .Select(d => new { d.Id, d.CustomerName, d.ProtectedUntil }).ToListAsync(cancellationToken);
        var extensions = await db.DealExtensionRequests.Where(r => r.Status == ExtensionStatus.Pending)
            .OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id).Take(MostActions)
            .Join(db.Deals, r => r.DealId, d => d.Id, (r, d) => new { d.Id, d.CustomerName, r.Days }).ToListAsync(cancellationToken);
        var actions = ending.Select(d => new DealNeedingAction(d.Id, d.CustomerName, $"Protection ends {Days(d.ProtectedUntil!.Value - now)}"))
            .Concat(extensions.Select(e => new DealNeedingAction(e.Id, e.CustomerName, $"Extension of {e.Days} days waits for a decision")))
            .ToList();
        return new PartnerDealsGlance(byStatus, actions);
    }

    /// <summary>For vendor staff: a channel account manager's own partners, anyone else's view of all partners.</summary>
    public async Task<ReviewGlance> ForReviewAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = currentUser.Role == Platform.Identity.UserRole.ChannelAccountManager;
        var deals = db.Deals.AsQueryable();
        var extensions = db.DealExtensionRequests.AsQueryable();
        if (mine)
        {
            var own = db.PartnerSummaries.Where(p => p.OwnerId == currentUser.Id).Select(p => p.Id);
            deals = deals.Where(d => own.Contains(d.PartnerId));
            extensions = extensions.Where(r => own.Contains(r.PartnerId));
        }
        var waiting = deals.Where(d => d.Status == DealStatus.Submitted);
        var twoDaysAgo = now.AddDays(-2);
        var soon = now + EndingSoon;
        return new ReviewGlance(
            await waiting.CountAsync(cancellationToken),
            await waiting.OrderBy(d => d.SubmittedAt).Select(d => (DateTime?)d.SubmittedAt).FirstOrDefaultAsync(cancellationToken),
            await waiting.CountAsync(d => d.SubmittedAt < twoDaysAgo, cancellationToken),
            await extensions.CountAsync(r => r.Status == ExtensionStatus.Pending, cancellationToken),
            await deals.CountAsync(d => d.Status == DealStatus.Approved && d.ProtectedUntil <= soon, cancellationToken),
            mine);
    }

    /// <summary>"today", "in 1 day", "in 12 days".</summary>
    public static string Days(TimeSpan left) => left.TotalDays < 1 ? "today" : (int)left.TotalDays == 1 ? "in 1 day" : $"in {(int)left.TotalDays} days";
}
