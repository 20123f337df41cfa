using Allyward.Onboarding.Kinds;
using Allyward.Onboarding.Templates;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Allyward.Platform.Isolation;
using Allyward.Platform.Mail;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Onboarding.Progress;

public sealed record TaskDto(Guid Id, int Position, string Title, string Kind, TaskSettings Settings, DateTime DueAt, bool IsOverdue,
    DateTime? CompletedAt, string? CompletedByName, Guid? FileId, string? FileName, TaskConfirmer Confirmer);

public sealed record PlanDto(Guid Id, Guid PartnerId, string TemplateName, DateTime StartedAt, DateTime? CompletedAt, int Done, int Total, IReadOnlyList<TaskDto> Tasks);

/// <summary>
/// Runs partners' onboarding plans: starts a plan from the template for the partner's type, completes tasks
/// when what they ask for has happened, moves the partner to Onboarding at the first completed task and to
/// Active when the plan is done, and tells its channel account manager.
/// </summary>
public sealed class OnboardingProgress(
    AllywardDbContext db, IEnumerable<IOnboardingTaskKind> kinds, IFileStorage storage, CurrentUser currentUser, TimeProvider time,
    Outbox outbox, PartnerTimeline timeline, PartnerStages stages) : IPartnerActivityListener, IPartnerApprovedListener
{
    /// <summary>An approved partner starts onboarding at once when a template applies to it.</summary>
    public async Task PartnerApprovedAsync(Guid partnerId, CancellationToken cancellationToken) => await StartAsync(partnerId, cancellationToken);

    private IOnboardingTaskKind KindOf(string name) => kinds.Single(k => k.Name == name);

    /// <summary>Starts onboarding for a partner from its type's template (or the default one); nothing happens without a template.</summary>
    public async Task<Outcome<PlanDto>> StartAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSummaries.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null) return Outcome<PlanDto>.NotFound("No such partner.");
        if (await db.OnboardingPlans.AnyAsync(p => p.PartnerId == partnerId, cancellationToken)) return Outcome<PlanDto>.Conflict("This partner's onboarding has already started.");
        if (partner.Stage is not (PartnerStage.Approved or PartnerStage.Onboarding))
        {
            return Outcome<PlanDto>.Conflict($"Onboarding starts for approved partners; this one is {Labels.Of(partner.Stage).ToLowerInvariant()}.");
        }
        var templates = await db.OnboardingTemplates.AsNoTracking().Where(t => t.PartnerType == partner.Type || t.PartnerType == null).ToListAsync(cancellationToken);
        var template = templates.FirstOrDefault(t => t.PartnerType == partner.Type) ?? templates.FirstOrDefault();
        if (template is null || template.Tasks.Count == 0) return Outcome<PlanDto>.Conflict("There is no onboarding template for this partner type.");

        var now = time.GetUtcNow().UtcDateTime;
        var plan = new OnboardingPlan { PartnerId = partnerId, TemplateName = template.Name, StartedAt = now };
        db.OnboardingPlans.Add(plan);
        db.OnboardingTasks.AddRange(template.Tasks.Select((t, i) => new OnboardingTask
        {
            PartnerId = partnerId, PlanId = plan.Id, Position = i + 1, Title = t.Title, Kind = t.Kind, Settings = t.Settings,
            DueAt = now.AddDays(t.DueAfterDays),
        }));
        timeline.Record(partnerId, "onboarding-started", $"Onboarding started with the plan \"{template.Name}\".");
        await db.SaveChangesAsync(cancellationToken);
        // Some tasks may be done already (an agreement signed before approval, a complete profile); the partner
        // stays Approved until it does something itself.
        await CompleteDoneTasksAsync(partnerId, moveToOnboarding: false, cancellationToken);
        return (await GetAsync(partnerId, cancellationToken))!;
    }

    public async Task<PlanDto?> GetAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var plan = await db.OnboardingPlans.AsNoTracking().SingleOrDefaultAsync(p => p.PartnerId == partnerId, cancellationToken);
        if (plan is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var tasks = await (from t in db.OnboardingTasks.AsNoTracking().Where(t => t.PlanId == plan.Id)
                           join f in db.Files on t.FileId equals f.Id into files
                           from f in files.DefaultIfEmpty()
                           orderby t.Position
                           select new { Task = t, FileName = f != null ? f.FileName : null }).ToListAsync(cancellationToken);
        var items = tasks.Select(x => new TaskDto(x.Task.Id, x.Task.Position, x.Task.Title, x.Task.Kind, x.Task.Settings, x.Task.DueAt,
            x.Task.CompletedAt is null && x.Task.DueAt < now, x.Task.CompletedAt, x.Task.CompletedByName, x.Task.FileId, x.FileName,
            KindOf(x.Task.Kind).Confirmer)).ToList();
        return new PlanDto(plan.Id, plan.PartnerId, plan.TemplateName, plan.StartedAt, plan.CompletedAt, items.Count(t => t.CompletedAt is not null), items.Count, items);
    }

    /// <summary>Completes every open task of the partner whose condition now holds, and moves the partner on.</summary>
    public Task PartnerChangedAsync(Guid partnerId, CancellationToken cancellationToken) =>
        CompleteDoneTasksAsync(partnerId, moveToOnboarding: true, cancellationToken);

    private async Task CompleteDoneTasksAsync(Guid partnerId, bool moveToOnboarding, CancellationToken cancellationToken)
    {
        var plan = await db.OnboardingPlans.SingleOrDefaultAsync(p => p.PartnerId == partnerId && p.CompletedAt == null, cancellationToken);
        if (plan is null) return;
        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.OnboardingTasks.Where(t => t.PlanId == plan.Id && t.CompletedAt == null).OrderBy(t => t.Position).ToListAsync(cancellationToken);
        var completed = 0;
        foreach (var task in open)
        {
            if (!await KindOf(task.Kind).IsDoneAsync(task, db, cancellationToken)) continue;
            task.Complete(currentUser.IsAuthenticated ? currentUser.Name : "system", now);
            timeline.Record(partnerId, "onboarding-task-done", $"Onboarding task done: {task.Title}.");
            completed++;
        }
        if (completed == 0) return;

        var partner = await db.PartnerSummaries.SingleAsync(p => p.Id == partnerId, cancellationToken);
        var planDone = completed == open.Count;
        if (partner.Stage == PartnerStage.Approved && (moveToOnboarding || planDone))
        {
            await stages.MoveAsync(partnerId, PartnerStage.Onboarding, "Onboarding under way.", cancellationToken);
        }
        if (planDone)
        {
            plan.Complete(now);
            await stages.MoveAsync(partnerId, PartnerStage.Active, "Onboarding plan completed.", cancellationToken);
            if (partner.OwnerId is { } owner)
            {
                outbox.Enqueue(new NotifyUser(owner, $"{partner.Name} is now Active", "Its onboarding plan is complete.", $"/console/partners/{partner.Id}"));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Outcome<PlanDto>> UploadAsync(Guid partnerId, Guid taskId, string fileName, Stream content, long length, CancellationToken cancellationToken = default)
    {
        var task = await db.OnboardingTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.PartnerId == partnerId, cancellationToken);
        if (task is null || task.Kind != "upload-document") return Outcome<PlanDto>.NotFound("No such upload task.");
        if (task.CompletedAt is not null) return Outcome<PlanDto>.Conflict("This task is already done.");
        var max = UploadDocumentKind.MaxBytes(task.Settings);
        if (length <= 0) return Outcome<PlanDto>.Invalid("file", "Choose a file to upload.");
        if (length > max) return Outcome<PlanDto>.Invalid("file", $"The file is larger than {max / 1024 / 1024} MB.");

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (bytes.Length > max) return Outcome<PlanDto>.Invalid("file", $"The file is larger than {max / 1024 / 1024} MB.");
        var allowed = UploadDocumentKind.Allowed(task.Settings);
        var type = FileTypes.Recognise(fileName, bytes, allowed);
        if (type is null) return Outcome<PlanDto>.Invalid("file", $"Upload a {string.Join(" or ", allowed.Select(a => a.Name))} file; this one is not.");

        var file = await StoredFile.SaveAsync(storage, partnerId, fileName, type, bytes, time.GetUtcNow().UtcDateTime, currentUser.Name, cancellationToken);
        db.Files.Add(file);
        if (task.AttachFile(file.Id) is { } refusal)
        {
            await storage.DeleteAsync(file.StorageKey, CancellationToken.None);
            return Outcome<PlanDto>.Conflict(refusal);
        }
        timeline.Record(partnerId, "document-uploaded", $"{file.FileName} uploaded for \"{task.Title}\".");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // Another upload to the task won the race (a 409), or the save failed: the bytes belong to no record.
            await storage.DeleteAsync(file.StorageKey, CancellationToken.None);
            throw;
        }
        await PartnerChangedAsync(partnerId, cancellationToken);
        return (await GetAsync(partnerId, cancellationToken))!;
    }

    /// <summary>Confirms an acknowledge-page task (partner users) or a manual task (vendor staff).</summary>
    public async Task<Outcome<PlanDto>> ConfirmAsync(Guid partnerId, Guid taskId, CancellationToken cancellationToken = default)
    {
        var task = await db.OnboardingTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.PartnerId == partnerId, cancellationToken);
        var confirmer = task is null ? TaskConfirmer.Nobody : KindOf(task.Kind).Confirmer;
        var allowed = confirmer == TaskConfirmer.Partner ? currentUser.PartnerId == partnerId : confirmer == TaskConfirmer.Vendor && currentUser.PartnerId is null;
        if (task is null || !allowed) return Outcome<PlanDto>.NotFound("No such task for you to confirm.");
        if (task.Confirm(currentUser.Name, time.GetUtcNow().UtcDateTime) is { } refusal) return Outcome<PlanDto>.Conflict(refusal);
        await db.SaveChangesAsync(cancellationToken);
        await PartnerChangedAsync(partnerId, cancellationToken);
        return (await GetAsync(partnerId, cancellationToken))!;
    }

    public async Task<Document?> FileAsync(Guid partnerId, Guid fileId, CancellationToken cancellationToken = default)
    {
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.PartnerId == partnerId, cancellationToken);
        if (file is null) return null;
        await using var stream = await storage.OpenAsync(file.StorageKey, cancellationToken);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return new Document(buffer.ToArray(), file.ContentType, file.FileName);
    }
}
