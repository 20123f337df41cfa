using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Identity;

namespace Allyward.Learning.BuildCourses;

public sealed record CourseRequest
{
    [Required(ErrorMessage = "Enter the course title."), MaxLength(200, ErrorMessage = "The title is at most 200 characters.")]
    public string? Title { get; init; }

    [MultiLineText, MaxLength(2000, ErrorMessage = "The summary is at most 2,000 characters.")]
    public string? Summary { get; init; }

    [Range(1, 10_000, ErrorMessage = "Give the estimated duration in minutes, from 1 to 10,000.")]
    public int? EstimatedMinutes { get; init; }

    [MaxLength(20, ErrorMessage = "List at most 20 products.")]
    public List<string>? Products { get; init; }

    public List<PartnerType>? PartnerTypes { get; init; }
    public List<Region>? Regions { get; init; }

    /// <summary>Partner roles the course is for; empty for every role.</summary>
    public List<UserRole>? Roles { get; init; }
}

public sealed record LessonRequest
{
    [Required(ErrorMessage = "Enter the lesson title."), MaxLength(200, ErrorMessage = "The title is at most 200 characters.")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "Choose the kind of lesson.")]
    public LessonKind? Kind { get; init; }

    /// <summary>Text lessons: Markdown.</summary>
    [MultiLineText, MaxLength(50_000, ErrorMessage = "The text is at most 50,000 characters.")]
    public string? Body { get; init; }

    /// <summary>Video lessons without an uploaded file: an https address on YouTube or Vimeo, or of an MP4 file.</summary>
    [MaxLength(500, ErrorMessage = "The address is at most 500 characters.")]
    public string? VideoUrl { get; init; }

    [Range(0, 1_000, ErrorMessage = "Give the minutes it takes, from 0 to 1,000.")]
    public int? EstimatedMinutes { get; init; }

    [Range(1, 100, ErrorMessage = "The pass mark is a percentage from 1 to 100.")]
    public int? PassMarkPercent { get; init; }

    [Range(1, 100, ErrorMessage = "Allow from 1 to 100 attempts, or leave it empty for no limit.")]
    public int? MaxAttempts { get; init; }

    [Range(0, 10_080, ErrorMessage = "The wait between attempts is 0 to 10,080 minutes (a week).")]
    public int? WaitMinutes { get; init; }

    [Range(1, 500, ErrorMessage = "Draw from 1 to 500 questions, or leave it empty to ask them all.")]
    public int? DrawCount { get; init; }

    public bool ShowAnswersAfterPass { get; init; }
}

public sealed record QuestionRequest
{
    [Required(ErrorMessage = "Choose the kind of question.")]
    public QuestionKind? Kind { get; init; }

    [Required(ErrorMessage = "Enter the question."), MaxLength(2000, ErrorMessage = "The question is at most 2,000 characters."), MultiLineText]
    public string? Text { get; init; }

    [Required(ErrorMessage = "Give the answers to choose from.")]
    public List<OptionRequest>? Options { get; init; }
}

public sealed record OptionRequest
{
    [Required(ErrorMessage = "Enter the answer's text."), MaxLength(500, ErrorMessage = "An answer is at most 500 characters.")]
    public string? Text { get; init; }

    public bool Correct { get; init; }
}

public sealed record PublishRequest
{
    /// <summary>Learners who completed the course take it again (their completed lessons are cleared).</summary>
    public bool ResetProgress { get; init; }
}

public sealed record ReorderRequest
{
    [Required(ErrorMessage = "List every lesson of the course in the new order.")]
    public List<Guid>? LessonIds { get; init; }
}

public sealed record CourseSummary(Guid Id, string Title, string Summary, int EstimatedMinutes, CourseStatus Status, int Edition, int Lessons,
    DateTime? PublishedAt, IReadOnlyList<string> Products, IReadOnlyList<PartnerType> PartnerTypes, IReadOnlyList<Region> Regions,
    IReadOnlyList<UserRole> Roles, bool HasCover);

/// <summary>A lesson as its author sees it, with the quiz's question bank and which answers are correct.</summary>
public sealed record LessonDto(Guid Id, int Position, string Title, LessonKind Kind, string? Body, string? VideoUrl, Guid? FileId, string? FileName,
    int EstimatedMinutes, int PassMarkPercent, int? MaxAttempts, int WaitMinutes, int? DrawCount, bool ShowAnswersAfterPass, IReadOnlyList<QuestionDto> Questions);

public sealed record QuestionDto(Guid Id, int Position, QuestionKind Kind, string Text, IReadOnlyList<QuizOption> Options);

public sealed record CourseDetail(CourseSummary Course, IReadOnlyList<LessonDto> Lessons);
