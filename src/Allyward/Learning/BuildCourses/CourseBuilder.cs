using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Allyward.Platform.Isolation;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.BuildCourses;

/// <summary>
/// Courses as their authors build them: the course, its lessons in order, quiz question banks, files, and publishing.
/// A published course stays editable; publishing again makes a new edition, which keeps learners' completed lessons
/// unless the author asks them to take the course again.
/// </summary>
public sealed class CourseBuilder(AllywardDbContext db, TimeProvider time, IFileStorage storage, AuditLog audit, CurrentUser currentUser,
    Microsoft.Extensions.Options.IOptions<Reminders.LearningOptions> options)
{
    public async Task<Outcome<Paged<CourseSummary>>> ListAsync(CourseStatus? status, ListQuery query, CancellationToken cancellationToken = default)
    {
        var courses = db.Courses.AsNoTracking();
        if (status is { } s) courses = courses.Where(c => c.Status == s);
        if (query.SearchText is { } search) courses = courses.Where(c => c.Title.ToLower().Contains(search.ToLower()));
        return await Shape.PageAsync(courses.Select(c => new CourseRow { Course = c, Lessons = db.Set<Lesson>().Count(l => l.CourseId == c.Id) }), query, cancellationToken);
    }

    private sealed record CourseRow
    {
        public required Course Course { get; init; }
        public required int Lessons { get; init; }
    }

    private static readonly ListShape<CourseRow, CourseSummary> Shape = new ListShape<CourseRow, CourseSummary>(r => r.Course.Id, r => Summary(r.Course, r.Lessons), defaultSort: "title")
        .SortBy("title", r => r.Course.Title)
        .SortBy("status", r => r.Course.Status)
        .SortBy("publishedAt", r => r.Course.PublishedAt)
        .Column("id", c => c.Id.ToString())
        .Column("title", c => c.Title)
        .Column("status", c => c.Status.ToString())
        .Column("edition", c => c.Edition.ToString())
        .Column("lessons", c => c.Lessons.ToString())
        .Column("estimated_minutes", c => c.EstimatedMinutes.ToString())
        .Column("published_at", c => c.PublishedAt?.ToString("O"));

    public Task<Outcome<byte[]>> ExportCsvAsync(CourseStatus? status, ListQuery query, CancellationToken cancellationToken = default)
    {
        var courses = db.Courses.AsNoTracking();
        if (status is { } s) courses = courses.Where(c => c.Status == s);
        return Shape.CsvAsync(courses.Select(c => new CourseRow { Course = c, Lessons = db.Set<Lesson>().Count(l => l.CourseId == c.Id) }), query, cancellationToken);
    }

    public static CourseSummary Summary(Course c, int lessons) => new(c.Id, c.Title, c.Summary, c.EstimatedMinutes, c.Status, c.Edition, lessons,
        c.PublishedAt, c.Products, c.PartnerTypes, c.Regions, c.Roles, c.CoverFileId is not null);

    public async Task<Outcome<CourseDetail>> GetAsync(Guid courseId, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return Outcome<CourseDetail>.NotFound("No such course.");
        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == courseId).OrderBy(l => l.Position).ToListAsync(cancellationToken);
        var lessonIds = lessons.Select(l => l.Id).ToList();
        var questions = (await db.QuizQuestions.AsNoTracking().Where(q => lessonIds.Contains(q.LessonId)).ToListAsync(cancellationToken))
            .GroupBy(q => q.LessonId).ToDictionary(g => g.Key, g => g.OrderBy(q => q.Position).ToList());
        var fileIds = lessons.Where(l => l.FileId is not null).Select(l => l.FileId!.Value).ToList();
        var files = await db.LearningFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.FileName, cancellationToken);
        return new CourseDetail(Summary(course, lessons.Count), lessons.Select(l => new LessonDto(l.Id, l.Position, l.Title, l.Kind, l.Body, l.VideoUrl, l.FileId,
            l.FileId is { } f ? files.GetValueOrDefault(f) : null, l.EstimatedMinutes, l.PassMarkPercent, l.MaxAttempts, l.WaitMinutes, l.DrawCount,
            l.ShowAnswersAfterPass, questions.GetValueOrDefault(l.Id, []).Select(q => new QuestionDto(q.Id, q.Position, q.Kind, q.Text, q.Options)).ToList())).ToList());
    }

    public async Task<Outcome<CourseDetail>> CreateAsync(CourseRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var course = new Course { CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(course, request);
        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(course.Id, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> UpdateAsync(Guid courseId, CourseRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return Outcome<CourseDetail>.NotFound("No such course.");
        Apply(course, request);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<CourseDetail>.Conflict("Someone else changed this course meanwhile; reload it.");
        return await GetAsync(course.Id, cancellationToken);
    }

    private static ValidationErrors Validate(CourseRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Title is not null && string.IsNullOrWhiteSpace(request.Title)) errors.Add("title", "Enter the course title.");
        foreach (var (product, i) in (request.Products ?? []).Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(product) || product.Length > 100) errors.Add($"products[{i}]", "A product name is 1 to 100 characters.");
        }
        if (request.Roles?.Any(r => !Platform.Identity.UserRoles.PartnerRoles.Contains(r)) == true) errors.Add("roles", "Courses are for partner roles only.");
        return errors;
    }

    private static void Apply(Course course, CourseRequest request)
    {
        course.Title = request.Title!.Trim();
        course.Summary = request.Summary?.Trim() ?? "";
        course.EstimatedMinutes = request.EstimatedMinutes ?? 30;
        course.Products = (request.Products ?? []).Select(p => p.Trim()).Distinct().ToList();
        course.PartnerTypes = (request.PartnerTypes ?? []).Distinct().ToList();
        course.Regions = (request.Regions ?? []).Distinct().ToList();
        course.Roles = (request.Roles ?? []).Distinct().ToList();
    }

    public async Task<Outcome<CourseDetail>> AddLessonAsync(Guid courseId, LessonRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        if (!await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken)) return Outcome<CourseDetail>.NotFound("No such course.");
        var position = await db.Lessons.Where(l => l.CourseId == courseId).Select(l => (int?)l.Position).MaxAsync(cancellationToken) ?? 0;
        var lesson = new Lesson { CourseId = courseId, Position = position + 1 };
        Apply(lesson, request);
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> UpdateLessonAsync(Guid courseId, Guid lessonId, LessonRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId && l.CourseId == courseId, cancellationToken);
        if (lesson is null) return Outcome<CourseDetail>.NotFound("No such lesson in this course.");
        if (lesson.Kind != request.Kind && await db.LessonProgress.AsSystem().AnyAsync(p => p.LessonId == lessonId, cancellationToken))
        {
            return Outcome<CourseDetail>.Invalid("kind", "Learners have started this lesson; add a new lesson instead of changing its kind.");
        }
        Apply(lesson, request);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> RemoveLessonAsync(Guid courseId, Guid lessonId, CancellationToken cancellationToken = default)
    {
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId && l.CourseId == courseId, cancellationToken);
        if (lesson is null) return Outcome<CourseDetail>.NotFound("No such lesson in this course.");
        db.Lessons.Remove(lesson);
        db.QuizQuestions.RemoveRange(await db.QuizQuestions.Where(q => q.LessonId == lessonId).ToListAsync(cancellationToken));
        db.LessonProgress.RemoveRange(await db.LessonProgress.AsSystem().Where(p => p.LessonId == lessonId).ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> ReorderAsync(Guid courseId, ReorderRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var lessons = await db.Lessons.Where(l => l.CourseId == courseId).ToListAsync(cancellationToken);
        if (lessons.Count == 0 && !await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken)) return Outcome<CourseDetail>.NotFound("No such course.");
        var order = request.LessonIds!;
        if (order.Count != lessons.Count || order.Distinct().Count() != order.Count || !order.All(id => lessons.Any(l => l.Id == id)))
        {
            return Outcome<CourseDetail>.Invalid("lessonIds", "List every lesson of the course exactly once.");
        }
        foreach (var lesson in lessons) lesson.Position = order.IndexOf(lesson.Id) + 1;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    private static ValidationErrors Validate(LessonRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Title is not null && string.IsNullOrWhiteSpace(request.Title)) errors.Add("title", "Enter the lesson title.");
        if (request.VideoUrl is { Length: > 0 } url && VideoEmbed.For(url) is null)
        {
            errors.Add("videoUrl", "Give an https address of a YouTube or Vimeo video, or of an MP4 file.");
        }
        return errors;
    }

    private static void Apply(Lesson lesson, LessonRequest request)
    {
        lesson.Title = request.Title!.Trim();
        lesson.Kind = request.Kind!.Value;
        lesson.Body = string.IsNullOrWhiteSpace(request.Body) ? null : request.Body;
        lesson.VideoUrl = string.IsNullOrWhiteSpace(request.VideoUrl) ? null : request.VideoUrl.Trim();
        lesson.EstimatedMinutes = request.EstimatedMinutes ?? 5;
        lesson.PassMarkPercent = request.PassMarkPercent ?? 70;
        lesson.MaxAttempts = request.MaxAttempts;
        lesson.WaitMinutes = request.WaitMinutes ?? 0;
        lesson.DrawCount = request.DrawCount;
        lesson.ShowAnswersAfterPass = request.ShowAnswersAfterPass;
    }

    public async Task<Outcome<CourseDetail>> AddQuestionAsync(Guid courseId, Guid lessonId, QuestionRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var lesson = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId && l.CourseId == courseId, cancellationToken);
        if (lesson is null) return Outcome<CourseDetail>.NotFound("No such lesson in this course.");
        if (lesson.Kind != LessonKind.Quiz) return Outcome<CourseDetail>.Invalid("lesson", "Questions belong to quiz lessons.");
        var position = await db.QuizQuestions.Where(q => q.LessonId == lessonId).Select(q => (int?)q.Position).MaxAsync(cancellationToken) ?? 0;
        db.QuizQuestions.Add(Apply(new QuizQuestion { LessonId = lessonId, Position = position + 1 }, request));
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> UpdateQuestionAsync(Guid courseId, Guid lessonId, Guid questionId, QuestionRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var question = await QuestionAsync(courseId, lessonId, questionId, cancellationToken);
        if (question is null) return Outcome<CourseDetail>.NotFound("No such question in this quiz.");
        Apply(question, request);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> RemoveQuestionAsync(Guid courseId, Guid lessonId, Guid questionId, CancellationToken cancellationToken = default)
    {
        var question = await QuestionAsync(courseId, lessonId, questionId, cancellationToken);
        if (question is null) return Outcome<CourseDetail>.NotFound("No such question in this quiz.");
        db.QuizQuestions.Remove(question);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(courseId, cancellationToken);
    }

    private Task<QuizQuestion?> QuestionAsync(Guid courseId, Guid lessonId, Guid questionId, CancellationToken cancellationToken) =>
        db.QuizQuestions.Where(q => q.Id == questionId && q.LessonId == lessonId && db.Set<Lesson>().Any(l => l.Id == lessonId && l.CourseId == courseId))
            .SingleOrDefaultAsync(cancellationToken);

    private static ValidationErrors Validate(QuestionRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Text is not null && string.IsNullOrWhiteSpace(request.Text)) errors.Add("text", "Enter the question.");
        if (request.Options is not { } options || request.Kind is not { } kind) return errors;
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i] is null) { errors.Add($"options[{i}]", "Give the answer."); continue; }
            foreach (var (field, messages) in ValidationErrors.Of(options[i]).ToDictionary()) errors.Add($"options[{i}].{field}", messages[0]);
            if (options[i].Text is { } text && string.IsNullOrWhiteSpace(text)) errors.Add($"options[{i}].text", "Enter the answer's text.");
        }
        var correct = options.Count(o => o?.Correct == true);
        if (kind == QuestionKind.TrueFalse && options.Count != 2) errors.Add("options", "A true-or-false question has exactly two answers.");
        else if (options.Count is < 2 or > 10) errors.Add("options", "Give from 2 to 10 answers to choose from.");
        else if (kind != QuestionKind.MultipleChoice && correct != 1) errors.Add("options", "Mark exactly one answer as correct.");
        else if (kind == QuestionKind.MultipleChoice && correct == 0) errors.Add("options", "Mark at least one answer as correct.");
        return errors;
    }

    private static QuizQuestion Apply(QuizQuestion question, QuestionRequest request)
    {
        question.Kind = request.Kind!.Value;
        question.Text = request.Text!.Trim();
        // Options keep their ids when the same text stays, so attempts in progress still score.
        question.Options = request.Options!.Select(o => new QuizOption
        {
            Id = question.Options.FirstOrDefault(old => old.Text == o.Text!.Trim())?.Id ?? Guid.NewGuid(), Text = o.Text!.Trim(), Correct = o.Correct,
        }).ToList();
        return question;
    }

    /// <summary>Publishes the course (again): a new edition; with <see cref="PublishRequest.ResetProgress"/> every learner takes it again.</summary>
    public async Task<Outcome<CourseDetail>> PublishAsync(Guid courseId, PublishRequest request, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return Outcome<CourseDetail>.NotFound("No such course.");
        var detail = (await GetAsync(courseId, cancellationToken)).Value!;
        var errors = ReadyToPublish(detail.Lessons);
        if (errors.Any) return Outcome<CourseDetail>.Invalid(errors);
        var now = time.GetUtcNow().UtcDateTime;
        course.Publish(now);
        if (request.ResetProgress)
        {
            foreach (var enrollment in await db.Enrollments.AsSystem().Where(e => e.CourseId == courseId && e.CompletedAt != null).ToListAsync(cancellationToken))
            {
                enrollment.Reopen();
            }
            await db.LessonProgress.AsSystem().Where(p => p.CourseId == courseId && p.CompletedAt != null).ForEachAsync(p => p.CompletedAt = null, cancellationToken);
        }
        if (request.ResetProgress) audit.Add("course.progress-reset", currentUser.Id, currentUser.Name, nameof(Course), course.Id.ToString());
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<CourseDetail>.Conflict("Someone else changed this course meanwhile; reload it.");
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> ArchiveAsync(Guid courseId, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return Outcome<CourseDetail>.NotFound("No such course.");
        course.Archive();
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<CourseDetail>.Conflict("Someone else changed this course meanwhile; reload it.");
        return await GetAsync(courseId, cancellationToken);
    }

    /// <summary>What stops a course from being published, as field errors on its lessons.</summary>
    public static ValidationErrors ReadyToPublish(IReadOnlyList<LessonDto> lessons)
    {
        var errors = new ValidationErrors();
        if (lessons.Count == 0) errors.Add("lessons", "Add at least one lesson before publishing.");
        for (var i = 0; i < lessons.Count; i++)
        {
            var lesson = lessons[i];
            var problem = lesson.Kind switch
            {
                LessonKind.Text when string.IsNullOrWhiteSpace(lesson.Body) => "has no text",
                LessonKind.Video when lesson.VideoUrl is null && lesson.FileId is null => "has no video",
                LessonKind.File when lesson.FileId is null => "has no document",
                LessonKind.Quiz when lesson.Questions.Count == 0 => "has no questions",
                LessonKind.Quiz when lesson.DrawCount > lesson.Questions.Count => $"draws {lesson.DrawCount} questions from a bank of {lesson.Questions.Count}",
                _ => null,
            };
            if (problem is not null) errors.Add($"lessons[{i}]", $"Lesson {i + 1}, \"{lesson.Title}\", {problem}.");
        }
        return errors;
    }

    /// <summary>
    /// Stores a lesson's video or document, or the course's cover, streamed from <paramref name="content"/> without
    /// holding it in memory: its first bytes must be of an allowed kind, and it stops being read one chunk past the
    /// kind's largest size.
    /// </summary>
    public async Task<Outcome<LearningFile>> SaveFileAsync(string? fileName, Stream content, IReadOnlyList<LearningFileTypes.Kind> allowed, CancellationToken cancellationToken)
    {
        var head = new byte[16];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var kind = allowed.FirstOrDefault(k => k.Recognises(head.AsMemory(0, read)));
        if (kind is null) return Outcome<LearningFile>.Invalid("file", $"The file must be one of: {string.Join(", ", allowed.Select(k => k.Name))}.");
        var limited = new LimitedStream(new PrefixedStream(head.AsMemory(0, read), content), kind.MaxBytes);
        string key;
        try
        {
            key = await storage.SaveAsync(limited, cancellationToken);
        }
        catch (LimitedStream.TooLargeException)
        {
            return Outcome<LearningFile>.Invalid("file", $"A {kind.Name} is at most {kind.MaxBytes / LearningFileTypes.Megabyte} MB.");
        }
        var safeName = FileTypes.SafeName(string.IsNullOrWhiteSpace(fileName) ? "file" + kind.Extension : fileName);
        if (!safeName.EndsWith(kind.Extension, StringComparison.OrdinalIgnoreCase)) safeName = Path.ChangeExtension(safeName, kind.Extension);
        return new LearningFile { FileName = safeName, ContentType = kind.ContentType, Size = limited.Position, StorageKey = key, UploadedAt = time.GetUtcNow().UtcDateTime };
    }

    public async Task<Outcome<CourseDetail>> UploadLessonFileAsync(Guid courseId, Guid lessonId, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId && l.CourseId == courseId, cancellationToken);
        if (lesson is null) return Outcome<CourseDetail>.NotFound("No such lesson in this course.");
        if (lesson.Kind is not (LessonKind.Video or LessonKind.File)) return Outcome<CourseDetail>.Invalid("file", "Only video and document lessons take a file.");
        var videos = LearningFileTypes.Videos.Select(k => k with { MaxBytes = options.Value.MaxVideoMegabytes * LearningFileTypes.Megabyte }).ToList();
        var saved = await SaveFileAsync(fileName, content, lesson.Kind == LessonKind.Video ? videos : LearningFileTypes.Documents, cancellationToken);
        if (!saved.Succeeded) return Outcome<CourseDetail>.Invalid(saved.Errors!);
        db.LearningFiles.Add(saved.Value!);
        lesson.FileId = saved.Value!.Id;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await storage.DeleteAsync(saved.Value!.StorageKey, CancellationToken.None);
            throw;
        }
        return await GetAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseDetail>> UploadCoverAsync(Guid courseId, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return Outcome<CourseDetail>.NotFound("No such course.");
        var saved = await SaveFileAsync(fileName, content, LearningFileTypes.Images, cancellationToken);
        if (!saved.Succeeded) return Outcome<CourseDetail>.Invalid(saved.Errors!);
        db.LearningFiles.Add(saved.Value!);
        course.CoverFileId = saved.Value!.Id;
        if (!await db.TrySaveAsync(cancellationToken))
        {
            await storage.DeleteAsync(saved.Value!.StorageKey, CancellationToken.None);
            return Outcome<CourseDetail>.Conflict("Someone else changed this course meanwhile; reload it.");
        }
        return await GetAsync(courseId, cancellationToken);
    }
}

/// <summary>Recognised YouTube, Vimeo and MP4 addresses, and how each is shown in a lesson.</summary>
public static class VideoEmbed
{
    /// <summary>The address to put in the page (a privacy-enhanced player frame, or an MP4 file), or null when the address is none of them.</summary>
    public static (string Src, bool IsFrame)? For(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return null;
        var host = uri.Host.ToLowerInvariant();
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        string? youTubeId = host switch
        {
            "youtu.be" => uri.AbsolutePath.Trim('/'),
            "www.youtube.com" or "youtube.com" or "m.youtube.com" when uri.AbsolutePath == "/watch" => query["v"],
            "www.youtube.com" or "youtube.com" when uri.AbsolutePath.StartsWith("/embed/") => uri.AbsolutePath["/embed/".Length..],
            _ => null,
        };
        if (youTubeId is not null) return IsId(youTubeId) ? ($"https://www.youtube-nocookie.com/embed/{youTubeId}", true) : null;
        if (host is "vimeo.com" or "www.vimeo.com" or "player.vimeo.com")
        {
            var id = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return id is not null && id.All(char.IsAsciiDigit) ? ($"https://player.vimeo.com/video/{id}", true) : null;
        }
        return uri.AbsolutePath.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) ? (uri.ToString(), false) : null;
    }

    private static bool IsId(string id) => id.Length is > 0 and <= 20 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
