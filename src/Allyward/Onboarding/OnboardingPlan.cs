using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Onboarding;

/// <summary>What a task kind needs to know; each kind reads the settings that concern it.</summary>
public sealed record TaskSettings
{
    /// <summary>sign-agreement: the title of the agreement to sign (any applicable agreement when empty).</summary>
    public string? AgreementTitle { get; init; }

    /// <summary>complete-course: the title of the course someone at the partner must complete (any course when empty).</summary>
    public string? CourseTitle { get; init; }

    /// <summary>complete-profile: the partner profile fields that must be filled in.</summary>
    public List<string>? ProfileFields { get; init; }

    /// <summary>upload-document: allowed file types (pdf, png, jpg) and the largest size in MB.</summary>
    public List<string>? AllowedTypes { get; init; }

    public int? MaxSizeMb { get; init; }

    /// <summary>acknowledge-page: the text to read and acknowledge.</summary>
    [Allyward.Platform.Api.MultiLineText]
    public string? PageText { get; init; }

    /// <summary>What the partner (or, for manual tasks, the channel account manager) should do.</summary>
    [Allyward.Platform.Api.MultiLineText]
    public string? Instructions { get; init; }
}

/// <summary>A partner's onboarding plan, copied from a template when onboarding starts.</summary>
public sealed class OnboardingPlan : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public string TemplateName { get; init; } = "";
    public DateTime StartedAt { get; init; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>Marks the plan done; false when it already was.</summary>
    public bool Complete(DateTime now)
    {
        if (CompletedAt is not null) return false;
        CompletedAt = now;
        return true;
    }
}

/// <summary>One step of a partner's plan. It completes itself when what it asks for has happened.</summary>
public sealed class OnboardingTask : IPartnerOwned, IAudited, Platform.Data.IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public Guid PlanId { get; init; }
    public int Position { get; init; }
    public string Title { get; init; } = "";
    public string Kind { get; init; } = "";
    public TaskSettings Settings { get; init; } = new();
    public DateTime DueAt { get; init; }
    public DateTime? CompletedAt { get; private set; }
    public string? CompletedByName { get; private set; }

    /// <summary>upload-document: the uploaded file.</summary>
    public Guid? FileId { get; private set; }

    /// <summary>acknowledge-page and manual tasks: when someone confirmed it.</summary>
    public DateTime? ConfirmedAt { get; private set; }

    public string? ConfirmedByName { get; private set; }
    public DateTime? LastReminderAt { get; private set; }

    /// <inheritdoc />
    public int Version { get; private set; }

    private const string AlreadyDone = "This task is already done.";

    /// <summary>Marks the task done; refused (with the reason) when it already is.</summary>
    public string? Complete(string byName, DateTime now)
    {
        if (CompletedAt is not null) return AlreadyDone;
        (CompletedAt, CompletedByName) = (now, byName);
        return null;
    }

    /// <summary>Someone confirmed the task (acknowledged a page, or the vendor ticked a manual step); it completes next.</summary>
    public string? Confirm(string byName, DateTime now)
    {
        if (CompletedAt is not null) return AlreadyDone;
        (ConfirmedAt, ConfirmedByName) = (now, byName);
        return null;
    }

    /// <summary>The document uploaded for the task, replacing an earlier upload while the task is open.</summary>
    public string? AttachFile(Guid fileId)
    {
        if (CompletedAt is not null) return AlreadyDone;
        FileId = fileId;
        return null;
    }

    /// <summary>Records a reminder of the overdue task; false when it is done, not overdue, or was reminded since <paramref name="quietSince"/>.</summary>
    public bool MarkReminded(DateTime now, DateTime quietSince)
    {
        if (CompletedAt is not null || DueAt >= now || LastReminderAt >= quietSince) return false;
        LastReminderAt = now;
        return true;
    }
}

internal sealed class OnboardingPlanConfiguration : IEntityTypeConfiguration<OnboardingPlan>
{
    public void Configure(EntityTypeBuilder<OnboardingPlan> plan)
    {
        plan.ToTable("OnboardingPlans");
        plan.Property(p => p.TemplateName).HasMaxLength(200);
        plan.ReferencesPartner(p => p.PartnerId);
        plan.HasIndex(p => p.PartnerId);
    }
}

internal sealed class OnboardingTaskConfiguration : IEntityTypeConfiguration<OnboardingTask>
{
    public void Configure(EntityTypeBuilder<OnboardingTask> task)
    {
        task.ToTable("OnboardingTasks");
        task.Property(t => t.Title).HasMaxLength(200);
        task.Property(t => t.Kind).HasMaxLength(40);
        task.Property(t => t.CompletedByName).HasMaxLength(200);
        task.Property(t => t.ConfirmedByName).HasMaxLength(200);
        task.Property(t => t.Settings).HasConversion(
            settings => System.Text.Json.JsonSerializer.Serialize(settings, (System.Text.Json.JsonSerializerOptions?)null),
            json => System.Text.Json.JsonSerializer.Deserialize<TaskSettings>(json, (System.Text.Json.JsonSerializerOptions?)null) ?? new TaskSettings());
        task.HasOne<OnboardingPlan>().WithMany().HasForeignKey(t => t.PlanId);
        task.HasIndex(t => new { t.PartnerId, t.Position });
        task.HasIndex(t => new { t.CompletedAt, t.DueAt });
    }
}
