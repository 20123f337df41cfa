using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Identity;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Onboarding.Progress;

/// <summary>
/// Reminds partner admins of overdue onboarding tasks, at most once per task per interval: the task's reminder mark
/// and the mails commit together, and with several nodes each reminder goes out once.
/// </summary>
public sealed class OnboardingReminders(AllywardDbContext db, Outbox outbox, TimeProvider time, IOptions<OnboardingOptions> options)
    : ClaimedWork<Guid>(db, time)
{
    protected override int BatchSize => 200;

    protected override async Task<IReadOnlyList<Guid>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        var quietSince = now - options.Value.ReminderInterval;
        return await Db.OnboardingTasks.AsNoTracking()
            .Where(t => t.CompletedAt == null && t.DueAt < now && (t.LastReminderAt == null || t.LastReminderAt < quietSince))
            .OrderBy(t => t.DueAt)
            .Select(t => t.Id)
            .Take(limit).ToListAsync(cancellationToken);
    }

    protected override async Task<bool> ClaimAsync(Guid taskId, DateTime now, CancellationToken cancellationToken)
    {
        var task = await Db.OnboardingTasks.SingleAsync(t => t.Id == taskId, cancellationToken);
        if (!task.MarkReminded(now, now - options.Value.ReminderInterval)) return false;
        var admins = await Db.Users.Where(u => u.PartnerId == task.PartnerId && u.Role == UserRole.PartnerAdmin && u.IsActive)
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        foreach (var admin in admins)
        {
            outbox.Enqueue(new EmailMessage(admin, $"Onboarding task overdue: {task.Title}",
                $"""
                The onboarding task "{task.Title}" was due on {task.DueAt:yyyy-MM-dd}.
                Open the partner portal to complete it.
                """));
        }
        return true;
    }

    /// <summary>Sends the reminders due now.</summary>
    public Task<int> SendDueAsync(CancellationToken cancellationToken = default) => RunAsync(cancellationToken);
}

internal sealed class OnboardingReminderWorker(IServiceScopeFactory scopes, IOptions<OnboardingOptions> options, ILogger<OnboardingReminderWorker> logger)
    : PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.ReminderCheckInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OnboardingReminders>().SendDueAsync(cancellationToken);
}
