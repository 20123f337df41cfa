using Allyward.Learning.BuildCourses;
using Allyward.Learning.Tracks;
using Allyward.Platform.Api;
using Allyward.Platform.Content;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.TakeCourses;

/// <summary>A course on a learner's list: where they stand, when it is due, and where to resume.</summary>
public sealed record MyCourse(Guid EnrollmentId, Guid CourseId, string Title, string Summary, int EstimatedMinutes, LearningState State, DateTime? DueAt,
    bool Overdue, DateTime EnrolledAt, DateTime? CompletedAt, int LessonsDone, int Lessons, Guid? ResumeLessonId, int? ScorePercent, bool HasCover);

/// <summary>A published course a learner may start.</summary>
public sealed record CatalogCourse(Guid Id, string Title, string Summary, int EstimatedMinutes, int Lessons, IReadOnlyList<string> Products, bool Enrolled, bool HasCover);

/// <summary>A lesson in the learner's outline of a course.</summary>
public sealed record OutlineLesson(Guid Id, int Position, string Title, LessonKind Kind, int EstimatedMinutes, bool Done);

public sealed record CourseOutline(Guid CourseId, string Title, string Summary, int EstimatedMinutes, Guid? EnrollmentId, LearningState State, DateTime? DueAt,
    Guid? ResumeLessonId, IReadOnlyList<OutlineLesson> Lessons, bool HasCover);

/// <summary>
/// A lesson as a learner sees it: sanitized text, the video or document to show, or the quiz's rules — never its
/// questions' answers (the quiz itself starts as an attempt).
/// </summary>
public sealed record LessonView(Guid Id, Guid CourseId, int Position, string Title, LessonKind Kind, string? Html, string? VideoSrc, bool VideoIsFrame,
    string? FileUrl, string? FileName, string? FileContentType, bool Done, QuizRules? Quiz, Guid? PreviousLessonId, Guid? NextLessonId);

public sealed record QuizRules(int Questions, int PassMarkPercent, int? MaxAttempts, int AttemptsUsed, int WaitMinutes, DateTime? NextAttemptAt,
    bool Passed, int? BestScorePercent);

/// <summary>
/// The learner's side: their courses, the catalog of courses meant for them, opening and completing lessons. Every
/// question is about the signed-in user; another user's enrollment is not found.
/// </summary>
public sealed class Learner(AllywardDbContext db, TimeProvider time, CurrentUser currentUser, CourseCompletion completion)
{
    public async Task<Outcome<Paged<MyCourse>>> MyCoursesAsync(LearningState? state, ListQuery query, CancellationToken cancellationToken = default)
    {
        if (currentUser.Id is not { } userId) return Outcome<Paged<MyCourse>>.NotFound("Sign in as a partner user.");
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await (from e in db.Enrollments.AsNoTracking()
                          join c in db.Courses.AsNoTracking() on e.CourseId equals c.Id
                          where e.UserId == userId && c.Status != CourseStatus.Draft
                          select new
                          {
                              Enrollment = e, c.Title, c.Summary, c.EstimatedMinutes, HasCover = c.CoverFileId != null,
                              Lessons = db.Set<Lesson>().Count(l => l.CourseId == c.Id),
                              Done = db.Set<LessonProgress>().Count(p => p.EnrollmentId == e.Id && p.CompletedAt != null),
                          }).ToListAsync(cancellationToken);
        var items = rows.Select(r => new MyCourse(r.Enrollment.Id, r.Enrollment.CourseId, r.Title, r.Summary, r.EstimatedMinutes, r.Enrollment.State, r.Enrollment.DueAt,
                r.Enrollment.IsOverdue(now), r.Enrollment.EnrolledAt, r.Enrollment.CompletedAt, r.Done, r.Lessons, r.Enrollment.LastLessonId, r.Enrollment.ScorePercent, r.HasCover))
            .Where(i => state is null || i.State == state)
            .OrderBy(i => i.State == LearningState.Completed).ThenBy(i => i.DueAt ?? DateTime.MaxValue).ThenBy(i => i.Title).ToList();
        return items.ToPage(query);
    }

    public async Task<Outcome<Paged<CatalogCourse>>> CatalogAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        if (await ProfileAsync(cancellationToken) is not { } learner) return Outcome<Paged<CatalogCourse>>.NotFound("Sign in as a partner user.");
        var enrolled = (await db.Enrollments.AsNoTracking().Where(e => e.UserId == learner.UserId).Select(e => e.CourseId).ToListAsync(cancellationToken)).ToHashSet();
        var courses = await db.Courses.AsNoTracking().Where(c => c.Status == CourseStatus.Published)
            .Select(c => new { Course = c, Lessons = db.Set<Lesson>().Count(l => l.CourseId == c.Id) }).ToListAsync(cancellationToken);
        return courses.Where(c => c.Course.Matches(learner) || enrolled.Contains(c.Course.Id))
            .Where(c => query.SearchText is not { } s || c.Course.Title.Contains(s, StringComparison.OrdinalIgnoreCase) || c.Course.Summary.Contains(s, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Course.Title)
            .Select(c => new CatalogCourse(c.Course.Id, c.Course.Title, c.Course.Summary, c.Course.EstimatedMinutes, c.Lessons, c.Course.Products,
                enrolled.Contains(c.Course.Id), c.Course.CoverFileId is not null))
            .ToList().ToPage(query);
    }

    /// <summary>Enrolls the learner in a published course meant for them (once; enrolling again answers the same enrollment).</summary>
    public async Task<Outcome<CourseOutline>> EnrollAsync(Guid courseId, CancellationToken cancellationToken = default)
    {
        if (await ProfileAsync(cancellationToken) is not { } learner) return Outcome<CourseOutline>.NotFound("Sign in as a partner user.");
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId && c.Status == CourseStatus.Published, cancellationToken);
        if (course is null || !course.Matches(learner)) return Outcome<CourseOutline>.NotFound("No such course for you.");
        if (!await db.Enrollments.AnyAsync(e => e.UserId == learner.UserId && e.CourseId == courseId, cancellationToken))
        {
            db.Enrollments.Add(new Enrollment
            {
                UserId = learner.UserId, PartnerId = learner.PartnerId, CourseId = courseId, Source = EnrollmentSource.Self, EnrolledAt = time.GetUtcNow().UtcDateTime,
            });
            await SaveOnceAsync(cancellationToken);
        }
        return await OutlineAsync(courseId, cancellationToken);
    }

    public async Task<Outcome<CourseOutline>> OutlineAsync(Guid courseId, CancellationToken cancellationToken = default)
    {
        var userId = currentUser.Id ?? Guid.Empty;
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId && c.Status != CourseStatus.Draft, cancellationToken);
        var enrollment = course is null ? null : await db.Enrollments.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == courseId, cancellationToken);
        var learner = await ProfileAsync(cancellationToken);
        if (course is null || (enrollment is null && (course.Status != CourseStatus.Published || learner is null || !course.Matches(learner))))
        {
            return Outcome<CourseOutline>.NotFound("No such course for you.");
        }
        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == courseId).OrderBy(l => l.Position).ToListAsync(cancellationToken);
        var done = enrollment is null ? [] : (await db.LessonProgress.AsNoTracking().Where(p => p.EnrollmentId == enrollment.Id && p.CompletedAt != null)
            .Select(p => p.LessonId).ToListAsync(cancellationToken)).ToHashSet();
        var resume = enrollment?.LastLessonId is { } last && !done.Contains(last) ? last : lessons.FirstOrDefault(l => !done.Contains(l.Id))?.Id ?? lessons.FirstOrDefault()?.Id;
        return new CourseOutline(course.Id, course.Title, course.Summary, course.EstimatedMinutes, enrollment?.Id, enrollment?.State ?? LearningState.NotStarted,
            enrollment?.DueAt, resume, lessons.Select(l => new OutlineLesson(l.Id, l.Position, l.Title, l.Kind, l.EstimatedMinutes, done.Contains(l.Id))).ToList(),
            course.CoverFileId is not null);
    }

    /// <summary>Opens a lesson of a course the learner is enrolled in: it becomes where they resume, and its time starts.</summary>
    public async Task<Outcome<LessonView>> OpenAsync(Guid lessonId, CancellationToken cancellationToken = default)
    {
        var (enrollment, lesson) = await EnrolledLessonAsync(lessonId, cancellationToken);
        if (enrollment is null || lesson is null) return Outcome<LessonView>.NotFound("No such lesson in your courses.");
        var now = time.GetUtcNow().UtcDateTime;
        enrollment.Open(lesson.Id, now);
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.EnrollmentId == enrollment.Id && p.LessonId == lesson.Id, cancellationToken);
        if (progress is null)
        {
            db.LessonProgress.Add(LessonProgress.Start(enrollment, lesson.Id, now));
        }
        else if (progress.CompletedAt is null)
        {
            progress.OpenedAt = now;
        }
        await SaveOnceAsync(cancellationToken);
        return await ViewAsync(enrollment, lesson, progress?.CompletedAt is not null, cancellationToken);
    }

    /// <summary>Completes a reading, video or document lesson; a quiz completes by being passed.</summary>
    public async Task<Outcome<CourseOutline>> CompleteAsync(Guid lessonId, CancellationToken cancellationToken = default)
    {
        var (enrollment, lesson) = await EnrolledLessonAsync(lessonId, cancellationToken);
        if (enrollment is null || lesson is null) return Outcome<CourseOutline>.NotFound("No such lesson in your courses.");
        if (lesson.Kind == LessonKind.Quiz) return Outcome<CourseOutline>.Conflict("A quiz is completed by passing it.");
        var courseDone = await completion.CompleteLessonAsync(enrollment, lesson, cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<CourseOutline>.Conflict("Your progress changed in another window; reload the course.");
        if (courseDone) await completion.PartnerCompletedAsync(enrollment.PartnerId, cancellationToken);
        return await OutlineAsync(lesson.CourseId, cancellationToken);
    }

    /// <summary>
    /// Saves a step that the same learner may take twice at once (two clicks, two windows): enrolling, opening a lesson. The
    /// second save meets the first one's row (a unique key or a moved version) and changes nothing more.
    /// </summary>
    private async Task SaveOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException race) when (LostRaces.IsLostRace(race))
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<(Enrollment?, Lesson?)> EnrolledLessonAsync(Guid lessonId, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? Guid.Empty;
        var lesson = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken);
        if (lesson is null || !await db.Courses.AnyAsync(c => c.Id == lesson.CourseId && c.Status != CourseStatus.Draft, cancellationToken)) return (null, null);
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == lesson.CourseId, cancellationToken);
        return (enrollment, lesson);
    }

    private async Task<LessonView> ViewAsync(Enrollment enrollment, Lesson lesson, bool done, CancellationToken cancellationToken)
    {
        var siblings = await db.Lessons.AsNoTracking().Where(l => l.CourseId == lesson.CourseId).OrderBy(l => l.Position).Select(l => l.Id).ToListAsync(cancellationToken);
        var index = siblings.IndexOf(lesson.Id);
        var file = lesson.FileId is { } fileId ? await db.LearningFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId, cancellationToken) : null;
        var video = lesson.Kind == LessonKind.Video && lesson.VideoUrl is { } url && file is null ? VideoEmbed.For(url) : null;
        QuizRules? quiz = null;
        if (lesson.Kind == LessonKind.Quiz)
        {
            var attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.UserId == enrollment.UserId && a.LessonId == lesson.Id && a.SubmittedAt != null)
                .Select(a => new { a.SubmittedAt, a.Passed, a.ScorePercent }).ToListAsync(cancellationToken);
            var bank = await db.QuizQuestions.CountAsync(q => q.LessonId == lesson.Id, cancellationToken);
            var lastFailed = attempts.Where(a => a.Passed != true).Max(a => a.SubmittedAt);
            quiz = new QuizRules(Math.Min(lesson.DrawCount ?? bank, bank), lesson.PassMarkPercent, lesson.MaxAttempts, attempts.Count, lesson.WaitMinutes,
                lesson.WaitMinutes > 0 && lastFailed is { } failedAt && attempts.All(a => a.Passed != true) ? failedAt.AddMinutes(lesson.WaitMinutes) : null,
                attempts.Any(a => a.Passed == true), attempts.Max(a => a.ScorePercent));
        }
        return new LessonView(lesson.Id, lesson.CourseId, lesson.Position, lesson.Title, lesson.Kind,
            lesson.Kind == LessonKind.Text ? SafeHtml.MarkdownToHtml(lesson.Body) : null,
            file is not null && lesson.Kind == LessonKind.Video ? FileUrl(file.Id) : video?.Src, video?.IsFrame ?? false,
            file is null ? null : FileUrl(file.Id), file?.FileName, file?.ContentType, done, quiz,
            index > 0 ? siblings[index - 1] : null, index >= 0 && index < siblings.Count - 1 ? siblings[index + 1] : null);
    }

    public static string FileUrl(Guid fileId) => $"/api/v1/learning/files/{fileId}";

    /// <summary>The signed-in partner user with their partner's type and region; null for vendor staff.</summary>
    public async Task<LearnerProfile?> ProfileAsync(CancellationToken cancellationToken)
    {
        if (currentUser.Id is not { } userId || !currentUser.IsPartnerUser) return null;
        return await Assignments.LearnersQuery(db).Where(l => l.UserId == userId).SingleOrDefaultAsync(cancellationToken);
    }
}

/// <summary>A course's video, document or cover, streamed with range requests, to anyone who may read courses.</summary>
public sealed class LearningFiles(AllywardDbContext db, IFileStorage storage)
{
    /// <summary>The file, to its authors; to learners only as part of a published course.</summary>
    public async Task<(LearningFile File, Stream Content)?> OpenAsync(Guid fileId, bool author, CancellationToken cancellationToken)
    {
        var published = db.Courses.Where(c => c.Status == CourseStatus.Published);
        var file = await db.LearningFiles.AsNoTracking().Where(f => f.Id == fileId)
            .Where(f => author || published.Any(c => c.CoverFileId == f.Id) || db.Set<Lesson>().Any(l => l.FileId == f.Id && published.Any(c => c.Id == l.CourseId)))
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null) return null;
        return await storage.OpenAsync(file.StorageKey, cancellationToken) is { } content ? (file, content) : null;
    }

    public async Task<(LearningFile File, Stream Content)?> CoverAsync(Guid courseId, bool author, CancellationToken cancellationToken)
    {
        var fileId = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => c.CoverFileId).SingleOrDefaultAsync(cancellationToken);
        return fileId is { } id ? await OpenAsync(id, author, cancellationToken) : null;
    }
}
