using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Allyward.Learning.TakeCourses;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Quizzes;

/// <summary>A question as the learner sees it during an attempt: the text and the options, in the attempt's order, and nothing about which are right.</summary>
public sealed record PaperQuestion(Guid Id, QuestionKind Kind, string Text, IReadOnlyList<PaperOption> Options);

public sealed record PaperOption(Guid Id, string Text);

public sealed record QuizPaper(Guid AttemptId, Guid LessonId, string Title, int PassMarkPercent, IReadOnlyList<PaperQuestion> Questions);

public sealed record SubmitAnswersRequest
{
    [Required(ErrorMessage = "Answer the questions.")]
    public List<AnswerRequest>? Answers { get; init; }
}

public sealed record AnswerRequest
{
    [Required(ErrorMessage = "Say which question this answers.")]
    public Guid? QuestionId { get; init; }

    public List<Guid>? OptionIds { get; init; }
}

/// <summary>A scored attempt; <see cref="Review"/> holds the correct answers only after a pass, and only when the author allows it.</summary>
public sealed record AttemptResult(Guid AttemptId, Guid LessonId, int ScorePercent, bool Passed, int PassMarkPercent, int Correct, int Questions,
    int AttemptsUsed, int? MaxAttempts, DateTime? NextAttemptAt, bool CourseCompleted, IReadOnlyList<ReviewedQuestion>? Review);

public sealed record ReviewedQuestion(Guid Id, string Text, IReadOnlyList<ReviewedOption> Options, bool AnsweredCorrectly);

public sealed record ReviewedOption(Guid Id, string Text, bool Correct, bool Chosen);

/// <summary>
/// Quizzes taken on the server: an attempt draws its questions and shuffles them and their options; answers are
/// scored here and nowhere else. Attempt limits and the wait after a failed attempt are enforced when an attempt starts.
/// </summary>
public sealed class QuizTaking(AllywardDbContext db, TimeProvider time, CurrentUser currentUser, CourseCompletion completion)
{
    public async Task<Outcome<QuizPaper>> StartAsync(Guid lessonId, CancellationToken cancellationToken = default)
    {
        var userId = currentUser.Id ?? Guid.Empty;
        var lesson = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId && l.Kind == LessonKind.Quiz, cancellationToken);
        var enrollment = lesson is null ? null : await db.Enrollments.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == lesson.CourseId, cancellationToken);
        if (lesson is null || enrollment is null || !await db.Courses.AnyAsync(c => c.Id == lesson.CourseId && c.Status != CourseStatus.Draft, cancellationToken))
        {
            return Outcome<QuizPaper>.NotFound("No such quiz in your courses.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.UserId == userId && a.LessonId == lessonId)
            .Select(a => new { a.Id, a.SubmittedAt, a.Passed, a.StartedAt }).ToListAsync(cancellationToken);
        var submitted = attempts.Where(a => a.SubmittedAt is not null).ToList();
        var quizDone = await db.LessonProgress.AnyAsync(p => p.EnrollmentId == enrollment.Id && p.LessonId == lessonId && p.CompletedAt != null, cancellationToken);
        if (quizDone) return Outcome<QuizPaper>.Conflict("You passed this quiz already.");
        if (lesson.MaxAttempts is { } max && submitted.Count(a => a.Passed != true) >= max)
        {
            return Outcome<QuizPaper>.Conflict($"You used all {max} attempts at this quiz; ask your channel account manager.");
        }
        if (lesson.WaitMinutes > 0 && submitted.Where(a => a.Passed != true).Max(a => a.SubmittedAt) is { } lastFailed && lastFailed.AddMinutes(lesson.WaitMinutes) > now)
        {
            var wait = lastFailed.AddMinutes(lesson.WaitMinutes) - now;
            return Outcome<QuizPaper>.TooMany($"You can try again in {Math.Ceiling(wait.TotalMinutes):0} minutes.", wait);
        }

        var bank = await db.QuizQuestions.AsNoTracking().Where(q => q.LessonId == lessonId).ToListAsync(cancellationToken);
        if (bank.Count == 0) return Outcome<QuizPaper>.Conflict("This quiz has no questions yet.");
        var drawn = Shuffled(bank).Take(Math.Min(lesson.DrawCount ?? bank.Count, bank.Count)).ToList();
        var attempt = new QuizAttempt
        {
            LessonId = lessonId, CourseId = lesson.CourseId, UserId = userId, PartnerId = enrollment.PartnerId, StartedAt = now,
            Paper = drawn.Select(q => new DrawnQuestion(q.Id, Shuffled(q.Options).Select(o => o.Id).ToList())).ToList(),
        };
        db.QuizAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return Paper(attempt, lesson, bank);
    }

    /// <summary>The unanswered attempt again, as it was drawn (a reloaded page resumes it).</summary>
    public async Task<Outcome<QuizPaper>> PaperAsync(Guid attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await MineAsync(attemptId, cancellationToken);
        if (attempt is null) return Outcome<QuizPaper>.NotFound("No such attempt of yours.");
        if (attempt.SubmittedAt is not null) return Outcome<QuizPaper>.Conflict("This attempt was submitted already.");
        var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Id == attempt.LessonId, cancellationToken);
        var bank = await db.QuizQuestions.AsNoTracking().Where(q => q.LessonId == attempt.LessonId).ToListAsync(cancellationToken);
        return Paper(attempt, lesson, bank);
    }

    private static QuizPaper Paper(QuizAttempt attempt, Lesson lesson, IReadOnlyList<QuizQuestion> bank) =>
        new(attempt.Id, lesson.Id, lesson.Title, lesson.PassMarkPercent, attempt.Paper
            .Select(d => (Drawn: d, Question: bank.FirstOrDefault(q => q.Id == d.QuestionId)))
            .Where(x => x.Question is not null)
            .Select(x => new PaperQuestion(x.Question!.Id, x.Question.Kind, x.Question.Text,
                x.Drawn.OptionOrder.Select(id => x.Question.Options.FirstOrDefault(o => o.Id == id)).Where(o => o is not null).Select(o => new PaperOption(o!.Id, o.Text)).ToList()))
            .ToList());

    public async Task<Outcome<AttemptResult>> SubmitAsync(Guid attemptId, SubmitAnswersRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (errors.Any) return Outcome<AttemptResult>.Invalid(errors);
        var attempt = await db.QuizAttempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == (currentUser.Id ?? Guid.Empty), cancellationToken);
        if (attempt is null) return Outcome<AttemptResult>.NotFound("No such attempt of yours.");
        if (attempt.SubmittedAt is not null) return Outcome<AttemptResult>.Conflict("This attempt was submitted already.");
        var answers = request.Answers!;
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i]?.QuestionId is not { } id || attempt.Paper.All(d => d.QuestionId != id)) errors.Add($"answers[{i}].questionId", "This question is not part of the attempt.");
        }
        if (answers.Where(a => a?.QuestionId is not null).GroupBy(a => a.QuestionId).Any(g => g.Count() > 1)) errors.Add("answers", "Answer each question once.");
        if (errors.Any) return Outcome<AttemptResult>.Invalid(errors);

        var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Id == attempt.LessonId, cancellationToken);
        var bank = await db.QuizQuestions.AsNoTracking().Where(q => q.LessonId == attempt.LessonId).ToDictionaryAsync(q => q.Id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        attempt.Answers = answers.Select(a => new GivenAnswer(a.QuestionId!.Value, (a.OptionIds ?? []).Distinct().ToList())).ToList();
        var correct = attempt.Paper.Count(d => bank.TryGetValue(d.QuestionId, out var q) && IsCorrect(q, attempt.Answers.FirstOrDefault(a => a.QuestionId == d.QuestionId)));
        attempt.SubmittedAt = now;
        attempt.ScorePercent = attempt.Paper.Count == 0 ? 0 : (int)Math.Floor(100.0 * correct / attempt.Paper.Count);
        attempt.Passed = attempt.ScorePercent >= lesson.PassMarkPercent;

        var courseDone = false;
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == attempt.UserId && e.CourseId == attempt.CourseId, cancellationToken);
        if (attempt.Passed == true && enrollment is not null) courseDone = await completion.CompleteLessonAsync(enrollment, lesson, cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<AttemptResult>.Conflict("This attempt was submitted in another window.");
        if (courseDone) await completion.PartnerCompletedAsync(enrollment!.PartnerId, cancellationToken);
        return await ResultAsync(attempt, lesson, bank, courseDone, cancellationToken);
    }

    public async Task<Outcome<AttemptResult>> ResultAsync(Guid attemptId, CancellationToken cancellationToken = default)
    {
        var attempt = await MineAsync(attemptId, cancellationToken);
        if (attempt is null || attempt.SubmittedAt is null) return Outcome<AttemptResult>.NotFound("No such submitted attempt of yours.");
        var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Id == attempt.LessonId, cancellationToken);
        var bank = await db.QuizQuestions.AsNoTracking().Where(q => q.LessonId == attempt.LessonId).ToDictionaryAsync(q => q.Id, cancellationToken);
        return await ResultAsync(attempt, lesson, bank, courseCompleted: false, cancellationToken);
    }

    private async Task<AttemptResult> ResultAsync(QuizAttempt attempt, Lesson lesson, IReadOnlyDictionary<Guid, QuizQuestion> bank, bool courseCompleted, CancellationToken cancellationToken)
    {
        var used = await db.QuizAttempts.CountAsync(a => a.UserId == attempt.UserId && a.LessonId == attempt.LessonId && a.SubmittedAt != null, cancellationToken);
        var correct = attempt.Paper.Count(d => bank.TryGetValue(d.QuestionId, out var q) && IsCorrect(q, attempt.Answers.FirstOrDefault(a => a.QuestionId == d.QuestionId)));
        var review = attempt.Passed == true && lesson.ShowAnswersAfterPass
            ? attempt.Paper.Where(d => bank.ContainsKey(d.QuestionId)).Select(d =>
            {
                var q = bank[d.QuestionId];
                var chosen = attempt.Answers.FirstOrDefault(a => a.QuestionId == q.Id)?.OptionIds ?? [];
                return new ReviewedQuestion(q.Id, q.Text, d.OptionOrder.Select(id => q.Options.FirstOrDefault(o => o.Id == id)).Where(o => o is not null)
                    .Select(o => new ReviewedOption(o!.Id, o.Text, o.Correct, chosen.Contains(o.Id))).ToList(), IsCorrect(q, attempt.Answers.FirstOrDefault(a => a.QuestionId == q.Id)));
            }).ToList()
            : null;
        DateTime? next = attempt.Passed != true && lesson.WaitMinutes > 0 ? attempt.SubmittedAt!.Value.AddMinutes(lesson.WaitMinutes) : null;
        return new AttemptResult(attempt.Id, lesson.Id, attempt.ScorePercent ?? 0, attempt.Passed == true, lesson.PassMarkPercent, correct, attempt.Paper.Count,
            used, lesson.MaxAttempts, next, courseCompleted, review);
    }

    /// <summary>Right when exactly the correct options were chosen: no partial credit, so guessing every box scores nothing.</summary>
    private static bool IsCorrect(QuizQuestion question, GivenAnswer? answer) =>
        answer is not null && question.Options.Where(o => o.Correct).Select(o => o.Id).ToHashSet().SetEquals(answer.OptionIds);

    private Task<QuizAttempt?> MineAsync(Guid attemptId, CancellationToken cancellationToken) =>
        db.QuizAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == (currentUser.Id ?? Guid.Empty), cancellationToken);

    private static List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}
