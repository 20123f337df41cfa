using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Learning;

public enum LearningState { NotStarted, InProgress, Completed }

public enum EnrollmentSource { Rule, Vendor, Self }

/// <summary>A partner user's place in a course: assigned or chosen, started, where they left off, completed.</summary>
public sealed class Enrollment : IPartnerOwned, IVersioned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CourseId { get; init; }
    public EnrollmentSource Source { get; init; }

    /// <summary>The assignment rule that enrolled the learner, if one did.</summary>
    public Guid? RuleId { get; init; }

    public DateTime EnrolledAt { get; init; }
    public DateTime? DueAt { get; set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>The lesson the learner opened last, where "Resume" takes them.</summary>
    public Guid? LastLessonId { get; private set; }

    public int SecondsSpent { get; private set; }

    /// <summary>The average of the learner's best quiz scores in the course, once a quiz was passed.</summary>
    public int? ScorePercent { get; private set; }

    public DateTime? LastRemindedAt { get; private set; }
    public int Version { get; private set; }

    public LearningState State => CompletedAt is not null ? LearningState.Completed : StartedAt is not null ? LearningState.InProgress : LearningState.NotStarted;

    public bool IsOverdue(DateTime now) => CompletedAt is null && DueAt < now;

    public void Open(Guid lessonId, DateTime now)
    {
        StartedAt ??= now;
        LastLessonId = lessonId;
    }

    public void AddTime(int seconds) => SecondsSpent += Math.Max(0, seconds);

    public void Complete(DateTime now, int? scorePercent)
    {
        CompletedAt ??= now;
        ScorePercent = scorePercent;
    }

    /// <summary>A new edition of the course whose author asked learners to take it again.</summary>
    public void Reopen() => CompletedAt = null;

    /// <summary>Marks an overdue reminder; false when one went out less than <paramref name="interval"/> ago.</summary>
    public bool MarkReminded(DateTime now, TimeSpan interval)
    {
        if (CompletedAt is not null || !(DueAt < now) || LastRemindedAt > now - interval) return false;
        LastRemindedAt = now;
        return true;
    }
}

/// <summary>A learner's progress in one lesson: when it was opened and completed, and the time spent on it.</summary>
public sealed class LessonProgress : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid EnrollmentId { get; init; }
    public Guid UserId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid CourseId { get; init; }
    public Guid LessonId { get; init; }
    public DateTime OpenedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int SecondsSpent { get; set; }

    /// <summary>A learner's first opening of a lesson.</summary>
    public static LessonProgress Start(Enrollment enrollment, Guid lessonId, DateTime now) => new()
    {
        EnrollmentId = enrollment.Id, UserId = enrollment.UserId, PartnerId = enrollment.PartnerId, CourseId = enrollment.CourseId, LessonId = lessonId, OpenedAt = now,
    };
}

/// <summary>
/// One attempt at a quiz: the questions drawn for it in the order shown, the answers given, and the score computed
/// on the server.
/// </summary>
public sealed class QuizAttempt : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid LessonId { get; init; }
    public Guid CourseId { get; init; }
    public Guid UserId { get; init; }
    public Guid PartnerId { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime? SubmittedAt { get; set; }
    public List<DrawnQuestion> Paper { get; set; } = [];
    public List<GivenAnswer> Answers { get; set; } = [];
    public int? ScorePercent { get; set; }
    public bool? Passed { get; set; }
}

/// <summary>A question as drawn for an attempt, with its options in the shuffled order the learner saw.</summary>
public sealed record DrawnQuestion(Guid QuestionId, List<Guid> OptionOrder);

public sealed record GivenAnswer(Guid QuestionId, List<Guid> OptionIds);

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> enrollment)
    {
        enrollment.ToTable("Enrollments");
        enrollment.Property(e => e.Source).HasConversion<string>().HasMaxLength(20);
        enrollment.Ignore(e => e.State);
        enrollment.ReferencesPartner(e => e.PartnerId);
        enrollment.HasOne<Course>().WithMany().HasForeignKey(e => e.CourseId).OnDelete(DeleteBehavior.Cascade);
        enrollment.HasIndex(e => new { e.UserId, e.CourseId }).IsUnique();
        // Holds every column the course report reads, so one course's numbers come from the index alone.
        enrollment.HasIndex(e => new { e.CourseId, e.CompletedAt, e.StartedAt, e.DueAt, e.ScorePercent, e.SecondsSpent });
        enrollment.HasIndex(e => new { e.PartnerId, e.UserId });
        enrollment.HasIndex(e => new { e.DueAt, e.CompletedAt });
    }
}

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> progress)
    {
        progress.ToTable("LessonProgress");
        progress.ReferencesPartner(p => p.PartnerId);
        progress.HasOne<Enrollment>().WithMany().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        progress.HasIndex(p => new { p.EnrollmentId, p.LessonId }).IsUnique();
        progress.HasIndex(p => new { p.CourseId, p.PartnerId });
    }
}

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> attempt)
    {
        attempt.ToTable("QuizAttempts");
        attempt.Property(a => a.Paper).HasJsonConversion();
        attempt.Property(a => a.Answers).HasJsonConversion();
        attempt.ReferencesPartner(a => a.PartnerId);
        attempt.HasIndex(a => new { a.UserId, a.LessonId, a.StartedAt });
        attempt.HasIndex(a => new { a.CourseId, a.SubmittedAt, a.Passed });
    }
}
