using Allyward.Learning.Certificates;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.TakeCourses;

/// <summary>
/// Completes a learner's lesson and, with its last lesson, the course: the completion, its webhook, the certificates it
/// earns and the onboarding tasks it completes are one save.
/// </summary>
public sealed class CourseCompletion(AllywardDbContext db, TimeProvider time, WebhookPublisher webhooks, CertificateAwards awards, PartnerActivity activity)
{
    /// <summary>The longest time one sitting of a lesson counts for; a page left open overnight is not study.</summary>
    public static readonly TimeSpan LongestSitting = TimeSpan.FromHours(2);

    /// <summary>
    /// Marks the lesson complete (tracked, not saved) and completes the course when it was the last one; true then, and
    /// the caller tells <see cref="PartnerCompletedAsync"/> once the save is done.
    /// </summary>
    public async Task<bool> CompleteLessonAsync(Enrollment enrollment, Lesson lesson, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.EnrollmentId == enrollment.Id && p.LessonId == lesson.Id, cancellationToken);
        if (progress is null)
        {
            progress = LessonProgress.Start(enrollment, lesson.Id, now);
            db.LessonProgress.Add(progress);
        }
        enrollment.Open(lesson.Id, now);
        if (progress.CompletedAt is null)
        {
            var seconds = (int)Math.Min((now - progress.OpenedAt).TotalSeconds, LongestSitting.TotalSeconds);
            progress.SecondsSpent += seconds;
            progress.CompletedAt = now;
            enrollment.AddTime(seconds);
        }
        return await CompleteCourseIfDoneAsync(enrollment, now, cancellationToken);
    }

    /// <summary>After a completed course is saved: the partner's onboarding tasks that asked for it complete themselves.</summary>
    public Task PartnerCompletedAsync(Guid partnerId, CancellationToken cancellationToken) => activity.ChangedAsync(partnerId, cancellationToken);

    private async Task<bool> CompleteCourseIfDoneAsync(Enrollment enrollment, DateTime now, CancellationToken cancellationToken)
    {
        if (enrollment.CompletedAt is not null) return false;
        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == enrollment.CourseId).Select(l => new { l.Id, l.Kind }).ToListAsync(cancellationToken);
        var done = (await db.LessonProgress.AsNoTracking().Where(p => p.EnrollmentId == enrollment.Id && p.CompletedAt != null).Select(p => p.LessonId).ToListAsync(cancellationToken))
            .Concat(db.ChangeTracker.Entries<LessonProgress>().Where(e => e.Entity.EnrollmentId == enrollment.Id && e.Entity.CompletedAt != null).Select(e => e.Entity.LessonId))
            .ToHashSet();
        if (!lessons.All(l => done.Contains(l.Id))) return false;

        var quizzes = lessons.Where(l => l.Kind == LessonKind.Quiz).Select(l => l.Id).ToList();
        int? score = null;
        if (quizzes.Count > 0)
        {
            // The best passed score per quiz, from saved attempts and the one being saved now.
            var best = await db.QuizAttempts.AsNoTracking().Where(a => a.UserId == enrollment.UserId && quizzes.Contains(a.LessonId) && a.Passed == true)
                .GroupBy(a => a.LessonId).Select(g => new { g.Key, Best = g.Max(a => a.ScorePercent) ?? 0 }).ToDictionaryAsync(x => x.Key, x => x.Best, cancellationToken);
            foreach (var attempt in db.ChangeTracker.Entries<QuizAttempt>().Select(e => e.Entity).Where(a => a.UserId == enrollment.UserId && a.Passed == true))
            {
                best[attempt.LessonId] = Math.Max(best.GetValueOrDefault(attempt.LessonId), attempt.ScorePercent ?? 0);
            }
            score = (int)Math.Round(quizzes.Average(q => best.GetValueOrDefault(q)));
        }
        enrollment.Complete(now, score);
        var title = await db.Courses.AsNoTracking().Where(c => c.Id == enrollment.CourseId).Select(c => c.Title).SingleAsync(cancellationToken);
        await webhooks.PublishAsync(LearningWebhookEvents.CourseCompleted,
            new CourseCompletedEvent(enrollment.Id, enrollment.CourseId, title, enrollment.UserId, enrollment.PartnerId, now, score), cancellationToken);
        await awards.AwardForAsync(enrollment, cancellationToken);
        return true;
    }
}
