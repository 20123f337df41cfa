using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Onboarding.Progress;

/// <summary>
/// Reminds partner admins of overdue onboarding tasks, at most once per task per interval. Each reminder is
/// claimed with a conditional update of the task's last reminder time, so with several nodes it goes out once.
/// </summary>
public sealed class OnboardingReminders(AllywardDbContext db, Outbox outbox, TimeProvider time, IOptions<OnboardingOptions> options)
{
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var quietSince = now - options.Value.ReminderInterval;
        var due = await db.OnboardingTasks.AsNoTracking()
            .Where(t => t.CompletedAt == null && t.DueAt < now && (t.LastReminderAt == null || t.LastReminderAt < quietSince))
            .OrderBy(t => t.DueAt)
            .Select(t => new { t.Id, t.PartnerId, t.Title, t.DueAt, t.LastReminderAt })
            .Take(200).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var task in due)
        {
            var claimed = await db.OnboardingTasks
                .Where(t => t.Id == task.Id && t.LastReminderAt == task.LastReminderAt)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastReminderAt, now), cancellationToken);
            if (claimed == 0) continue;
            var admins = await db.Users.Where(u => u.PartnerId == task.PartnerId && u.Role == UserRole.PartnerAdmin && u.IsActive)
                .Select(u => u.Email!).ToListAsync(cancellationToken);
            foreach (var admin in admins)
            {
                outbox.Enqueue(new EmailMessage(admin, $"Onboarding task overdue: {task.Title}",
                    $"""
                    The onboarding task "{task.Title}" was due on {task.DueAt:yyyy-MM-dd}.
                    Open the partner portal to complete it.
                    """));
            }
            await db.SaveChangesAsync(cancellationToken);
            sent++;
        }
        return sent;
    }
}

internal sealed class OnboardingReminderWorker(IServiceScopeFactory scopes, IOptions<OnboardingOptions> options, ILogger<OnboardingReminderWorker> logger)
    : Platform.Hosting.PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.ReminderCheckInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OnboardingReminders>().SendDueAsync(cancellationToken);
}
