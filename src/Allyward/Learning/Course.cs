using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Learning;

public enum CourseStatus { Draft, Published, Archived }

public enum LessonKind { Text, Video, File, Quiz }

public enum QuestionKind { SingleChoice, MultipleChoice, TrueFalse }

/// <summary>How learning values read on pages and in e-mails (the API and CSV keep the enum names).</summary>
public static class LearningLabels
{
    public static string Label(this CourseStatus status) => status switch
    {
        CourseStatus.Draft => "Draft",
        CourseStatus.Published => "Published",
        CourseStatus.Archived => "Archived",
        _ => status.ToString(),
    };

    public static string Label(this LessonKind kind) => kind switch
    {
        LessonKind.Text => "Reading",
        LessonKind.Video => "Video",
        LessonKind.File => "Document",
        LessonKind.Quiz => "Quiz",
        _ => kind.ToString(),
    };

    public static string Label(this QuestionKind kind) => kind switch
    {
        QuestionKind.SingleChoice => "One answer",
        QuestionKind.MultipleChoice => "Several answers",
        QuestionKind.TrueFalse => "True or false",
        _ => kind.ToString(),
    };

    public static string Label(this LearningState state) => state switch
    {
        LearningState.NotStarted => "Not started",
        LearningState.InProgress => "In progress",
        LearningState.Completed => "Completed",
        _ => state.ToString(),
    };

    public static string Label(this CertificateStatus status) => status switch
    {
        CertificateStatus.Valid => "Valid",
        CertificateStatus.Expired => "Expired",
        CertificateStatus.Revoked => "Revoked",
        _ => status.ToString(),
    };
}

/// <summary>
/// Who a course or an assignment rule is for: partner types, regions and partner roles; an empty list means every
/// value. Tiers join as one more list when the programs module exists.
/// </summary>
public interface IAudienced
{
    List<PartnerType> PartnerTypes { get; }
    List<Region> Regions { get; }
    List<UserRole> Roles { get; }
}

/// <summary>What an audience is matched against: a partner user, with the partner's type and region.</summary>
public sealed record LearnerProfile
{
    public Guid UserId { get; init; }
    public Guid PartnerId { get; init; }
    public PartnerType PartnerType { get; init; }
    public Region Region { get; init; }
    public UserRole Role { get; init; }
}

public static class Audiences
{
    public static bool Matches(this IAudienced audience, LearnerProfile learner) =>
        (audience.PartnerTypes.Count == 0 || audience.PartnerTypes.Contains(learner.PartnerType))
        && (audience.Regions.Count == 0 || audience.Regions.Contains(learner.Region))
        && (audience.Roles.Count == 0 || audience.Roles.Contains(learner.Role));
}

/// <summary>A course partners take: ordered lessons, published by the vendor to an audience.</summary>
public sealed class Course : IAudited, IVersioned, IAudienced
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public int EstimatedMinutes { get; set; }
    public Guid? CoverFileId { get; set; }
    public List<string> Products { get; set; } = [];
    public List<PartnerType> PartnerTypes { get; set; } = [];
    public List<Region> Regions { get; set; } = [];
    public List<UserRole> Roles { get; set; } = [];
    public CourseStatus Status { get; private set; }

    /// <summary>How many times the course was published; learners' progress belongs to the course, not to an edition.</summary>
    public int Edition { get; private set; }

    public DateTime? PublishedAt { get; private set; }
    public DateTime CreatedAt { get; init; }
    public int Version { get; private set; }

    public void Publish(DateTime now)
    {
        Status = CourseStatus.Published;
        Edition++;
        PublishedAt = now;
    }

    public void Archive() => Status = CourseStatus.Archived;
}

/// <summary>One step of a course: a reading, a video, a document or a quiz.</summary>
public sealed class Lesson : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CourseId { get; init; }
    public int Position { get; set; }
    public string Title { get; set; } = "";
    public LessonKind Kind { get; set; }

    /// <summary>Text lessons: Markdown, shown sanitized.</summary>
    public string? Body { get; set; }

    /// <summary>Video lessons: a YouTube, Vimeo or MP4 address, when the video is not an uploaded file.</summary>
    public string? VideoUrl { get; set; }

    /// <summary>Video and document lessons: the uploaded file.</summary>
    public Guid? FileId { get; set; }

    public int EstimatedMinutes { get; set; }

    /// <summary>Quizzes: the share of points needed to pass, in percent.</summary>
    public int PassMarkPercent { get; set; } = 70;

    /// <summary>Quizzes: how many attempts a learner has (null: no limit).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Quizzes: how long a learner waits after a failed attempt.</summary>
    public int WaitMinutes { get; set; }

    /// <summary>Quizzes: how many questions each attempt draws from the bank (null: all of them).</summary>
    public int? DrawCount { get; set; }

    /// <summary>Quizzes: whether a learner who passed may see the correct answers.</summary>
    public bool ShowAnswersAfterPass { get; set; }
}

/// <summary>A question of a quiz's bank; which options are correct never leaves the server before an attempt is scored.</summary>
public sealed class QuizQuestion : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid LessonId { get; init; }
    public int Position { get; set; }
    public QuestionKind Kind { get; set; }
    public string Text { get; set; } = "";
    public List<QuizOption> Options { get; set; } = [];
}

public sealed record QuizOption
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Text { get; init; } = "";
    public bool Correct { get; init; }
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> course)
    {
        course.ToTable("Courses");
        course.Property(c => c.Title).HasMaxLength(200);
        course.Property(c => c.Summary).HasMaxLength(2000);
        course.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        course.HasIndex(c => new { c.Status, c.Title });
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> lesson)
    {
        lesson.ToTable("Lessons");
        lesson.Property(l => l.Title).HasMaxLength(200);
        lesson.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        lesson.Property(l => l.Body).HasMaxLength(50_000);
        lesson.Property(l => l.VideoUrl).HasMaxLength(500);
        lesson.HasOne<Course>().WithMany().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Cascade);
        lesson.HasIndex(l => new { l.CourseId, l.Position });
    }
}

internal sealed class QuizQuestionConfiguration : IEntityTypeConfiguration<QuizQuestion>
{
    public void Configure(EntityTypeBuilder<QuizQuestion> question)
    {
        question.ToTable("QuizQuestions");
        question.Property(q => q.Kind).HasConversion<string>().HasMaxLength(20);
        question.Property(q => q.Text).HasMaxLength(2000);
        question.Property(q => q.Options).HasJsonConversion();
        question.HasOne<Lesson>().WithMany().HasForeignKey(q => q.LessonId).OnDelete(DeleteBehavior.Cascade);
        question.HasIndex(q => new { q.LessonId, q.Position });
    }
}
