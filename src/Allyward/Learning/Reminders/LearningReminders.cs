using Allyward.Learning.Certificates;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Learning.Reminders;

public sealed class LearningOptions
{
    /// <summary>How often an overdue learner may be reminded of one course.</summary>
    public TimeSpan OverdueReminderInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The largest video a lesson takes, in megabytes.</summary>
    public int MaxVideoMegabytes { get; set; } = 500;

    /// <summary>How often the reminder and expiry jobs look for work.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Reminds learners of overdue courses, at most once per <see cref="LearningOptions.OverdueReminderInterval"/>; the mark and the mail commit together.</summary>
public sealed class OverdueLearningReminders(AllywardDbContext db, TimeProvider time, Outbox outbox, IOptions<LearningOptions> options) : ClaimedWork<Guid>(db, time)
{
    protected override async Task<IReadOnlyList<Guid>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        var remindedBefore = now - options.Value.OverdueReminderInterval;
        return await Db.Enrollments.AsNoTracking()
            .Where(e => e.CompletedAt == null && e.DueAt < now && (e.LastRemindedAt == null || e.LastRemindedAt <= remindedBefore))
            .OrderBy(e => e.DueAt).Select(e => e.Id).Take(limit).ToListAsync(cancellationToken);
    }

    protected override async Task<bool> ClaimAsync(Guid enrollmentId, DateTime now, CancellationToken cancellationToken)
    {
        var enrollment = await Db.Enrollments.SingleAsync(e => e.Id == enrollmentId, cancellationToken);
        if (!enrollment.MarkReminded(now, options.Value.OverdueReminderInterval)) return false;
        var learner = await Db.Users.AsSystem().Where(u => u.Id == enrollment.UserId).Select(u => new { u.IsActive, u.Email }).SingleAsync(cancellationToken);
        if (!learner.IsActive) return true;
        var title = await Db.Courses.Where(c => c.Id == enrollment.CourseId).Select(c => c.Title).SingleAsync(cancellationToken);
        outbox.Enqueue(new NotifyUser(enrollment.UserId, $"Overdue: {title}", $"This course was due {enrollment.DueAt:yyyy-MM-dd}. Pick it up where you left off.",
            $"/portal/learning/courses/{enrollment.CourseId}", learner.Email));
        return true;
    }
}

/// <summary>Tells holders 60, 30 and 7 days before a certificate expires — each once — with the webhook.</summary>
public sealed class CertificateExpiryReminders(AllywardDbContext db, TimeProvider time, Outbox outbox, WebhookPublisher webhooks, CertificateAwards awards)
    : ClaimedWork<Guid>(db, time)
{
    public static readonly int[] DaysBefore = [60, 30, 7];

    protected override async Task<IReadOnlyList<Guid>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        // Due: the lead the time left has reached is shorter than the last one reminded (all in the query, so certificates
        // reminded already never crowd out those still due).
        var at60 = now.AddDays(60);
        var at30 = now.AddDays(30);
        var at7 = now.AddDays(7);
        return await Db.Certificates.AsNoTracking()
            .Where(c => c.RevokedAt == null && c.ExpiredAt == null && c.ExpiresAt > now)
            .Where(c => (c.ExpiresAt <= at60 && c.RemindedDaysBefore == null)
                || (c.ExpiresAt <= at30 && (c.RemindedDaysBefore == null || c.RemindedDaysBefore > 30))
                || (c.ExpiresAt <= at7 && (c.RemindedDaysBefore == null || c.RemindedDaysBefore > 7)))
            .OrderBy(c => c.ExpiresAt).Select(c => c.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The smallest reminder lead that the time left has reached (7 when 5 days are left).</summary>
    private static int? Lead(DateTime expiresAt, DateTime now) => DaysBefore.Where(d => expiresAt <= now.AddDays(d)).Cast<int?>().Min();

    protected override async Task<bool> ClaimAsync(Guid certificateId, DateTime now, CancellationToken cancellationToken)
    {
        var certificate = await Db.Certificates.SingleAsync(c => c.Id == certificateId, cancellationToken);
        if (Lead(certificate.ExpiresAt, now) is not { } lead || !certificate.MarkReminded(lead)) return false;
        var email = await Db.Users.AsSystem().Where(u => u.Id == certificate.UserId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        outbox.Enqueue(new NotifyUser(certificate.UserId, $"{certificate.CertificationName} expires {certificate.ExpiresAt:yyyy-MM-dd}",
            "Renew it by passing its assessment again before then.", "/portal/learning/certificates", email));
        await webhooks.PublishAsync(LearningWebhookEvents.CertificationExpiring, awards.EventOf(certificate, now), cancellationToken);
        return true;
    }
}

/// <summary>Announces each certificate's expiry exactly once, across nodes: the mark, the notification and the webhook commit together.</summary>
public sealed class CertificateExpiry(AllywardDbContext db, TimeProvider time, Outbox outbox, WebhookPublisher webhooks, CertificateAwards awards)
    : ClaimedWork<Guid>(db, time)
{
    protected override async Task<IReadOnlyList<Guid>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken) =>
        await Db.Certificates.AsNoTracking().Where(c => c.RevokedAt == null && c.ExpiredAt == null && c.ExpiresAt <= now)
            .OrderBy(c => c.ExpiresAt).Select(c => c.Id).Take(limit).ToListAsync(cancellationToken);

    protected override async Task<bool> ClaimAsync(Guid certificateId, DateTime now, CancellationToken cancellationToken)
    {
        var certificate = await Db.Certificates.SingleAsync(c => c.Id == certificateId, cancellationToken);
        if (!certificate.MarkExpired(now)) return false;
        var email = await Db.Users.AsSystem().Where(u => u.Id == certificate.UserId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        outbox.Enqueue(new NotifyUser(certificate.UserId, $"{certificate.CertificationName} has expired", "Pass its assessment again to be certified again.",
            "/portal/learning/certificates", email));
        await webhooks.PublishAsync(LearningWebhookEvents.CertificationExpired, awards.EventOf(certificate, now), cancellationToken);
        return true;
    }
}

internal sealed class LearningRemindersWorker(IServiceScopeFactory scopes, ILogger<LearningRemindersWorker> logger, IOptions<LearningOptions> options)
    : PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<OverdueLearningReminders>().RunAsync(cancellationToken);
        await services.GetRequiredService<CertificateExpiryReminders>().RunAsync(cancellationToken);
        await services.GetRequiredService<CertificateExpiry>().RunAsync(cancellationToken);
    }
}
