using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Tracks;

public sealed record EnrollmentItem(Guid Id, Guid UserId, string Learner, Guid PartnerId, string Partner, Guid CourseId, string Course, LearningState State,
    DateTime EnrolledAt, DateTime? DueAt, bool Overdue, DateTime? CompletedAt, int? ScorePercent, int MinutesSpent, EnrollmentSource Source);

/// <param name="Mine">Only learners of partners whose channel account manager is the caller.</param>
public sealed record EnrollmentQuery(Guid? PartnerId, Guid? CourseId, Guid? UserId, LearningState? State, bool? Overdue, bool? Mine,
    int? Page, int? PageSize, string? Sort, string? Search)
{
    public ListQuery List => new(Page, PageSize, Sort, Search);
}

public sealed record AssignCourseRequest
{
    [Required(ErrorMessage = "Choose the learner.")]
    public Guid? UserId { get; init; }

    [Required(ErrorMessage = "Choose the course.")]
    public Guid? CourseId { get; init; }

    public DateTime? DueAt { get; init; }
}

/// <summary>
/// Who is enrolled in what, for the vendor (every partner; a channel account manager's own partners with <c>mine</c>)
/// and for partner admins (their own people, by isolation), with overdue learners first when asked; also as CSV.
/// </summary>
public sealed class Enrollments(AllywardDbContext db, TimeProvider time, CurrentUser currentUser)
{
    private sealed record Row
    {
        public required Enrollment Enrollment { get; init; }
        public required string Learner { get; init; }
        public required string Partner { get; init; }
        public required Guid? PartnerOwnerId { get; init; }
        public required string Course { get; init; }
    }

    private static ListShape<Row, EnrollmentItem> Shape(DateTime now) => new ListShape<Row, EnrollmentItem>(r => r.Enrollment.Id,
            r => new EnrollmentItem(r.Enrollment.Id, r.Enrollment.UserId, r.Learner, r.Enrollment.PartnerId, r.Partner, r.Enrollment.CourseId, r.Course,
                r.Enrollment.CompletedAt != null ? LearningState.Completed : r.Enrollment.StartedAt != null ? LearningState.InProgress : LearningState.NotStarted,
                r.Enrollment.EnrolledAt, r.Enrollment.DueAt, r.Enrollment.CompletedAt == null && r.Enrollment.DueAt < now, r.Enrollment.CompletedAt,
                r.Enrollment.ScorePercent, r.Enrollment.SecondsSpent / 60, r.Enrollment.Source),
            defaultSort: "dueAt")
        .SortBy("dueAt", r => r.Enrollment.DueAt)
        .SortBy("enrolledAt", r => r.Enrollment.EnrolledAt)
        .SortBy("completedAt", r => r.Enrollment.CompletedAt)
        .SortBy("learner", r => r.Learner)
        .SortBy("partner", r => r.Partner)
        .SortBy("course", r => r.Course)
        .Column("id", e => e.Id.ToString())
        .Column("learner", e => e.Learner)
        .Column("partner", e => e.Partner)
        .Column("course", e => e.Course)
        .Column("state", e => e.State.ToString())
        .Column("enrolled_at", e => e.EnrolledAt.ToString("O"))
        .Column("due_at", e => e.DueAt?.ToString("O"))
        .Column("overdue", e => e.Overdue ? "true" : "false")
        .Column("completed_at", e => e.CompletedAt?.ToString("O"))
        .Column("score_percent", e => e.ScorePercent?.ToString())
        .Column("minutes_spent", e => e.MinutesSpent.ToString());

    public Task<Outcome<Paged<EnrollmentItem>>> ListAsync(EnrollmentQuery query, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Shape(now).PageAsync(Rows(query, now), query.List, cancellationToken);
    }

    public Task<Outcome<byte[]>> ExportCsvAsync(EnrollmentQuery query, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Shape(now).CsvAsync(Rows(query, now), query.List, cancellationToken);
    }

    private IQueryable<Row> Rows(EnrollmentQuery query, DateTime now)
    {
        var enrollments = db.Enrollments.AsNoTracking();
        if (query.PartnerId is { } partnerId) enrollments = enrollments.Where(e => e.PartnerId == partnerId);
        if (query.CourseId is { } courseId) enrollments = enrollments.Where(e => e.CourseId == courseId);
        if (query.UserId is { } userId) enrollments = enrollments.Where(e => e.UserId == userId);
        if (query.Overdue == true) enrollments = enrollments.Where(e => e.CompletedAt == null && e.DueAt < now);
        enrollments = query.State switch
        {
            LearningState.Completed => enrollments.Where(e => e.CompletedAt != null),
            LearningState.InProgress => enrollments.Where(e => e.CompletedAt == null && e.StartedAt != null),
            LearningState.NotStarted => enrollments.Where(e => e.StartedAt == null),
            _ => enrollments,
        };
        var rows = from e in enrollments
                   join u in db.Users on e.UserId equals u.Id
                   join p in db.PartnerSummaries on e.PartnerId equals p.Id
                   join c in db.Courses on e.CourseId equals c.Id
                   select new Row { Enrollment = e, Learner = u.FullName, Partner = p.Name, PartnerOwnerId = p.OwnerId, Course = c.Title };
        if (query.Mine == true)
        {
            var me = currentUser.Id;
            rows = rows.Where(r => r.PartnerOwnerId == me);
        }
        if (query.List.SearchText is { } search)
        {
            var term = search.ToLower();
            rows = rows.Where(r => r.Learner.ToLower().Contains(term) || r.Partner.ToLower().Contains(term) || r.Course.ToLower().Contains(term));
        }
        return rows;
    }

    /// <summary>The vendor enrolls one partner user in a published course, with a due date.</summary>
    public async Task<Outcome<EnrollmentItem>> AssignAsync(AssignCourseRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        var now = time.GetUtcNow().UtcDateTime;
        if (request.DueAt is { } due && due <= now) errors.Add("dueAt", "The due date is in the future.");
        if (errors.Any) return Outcome<EnrollmentItem>.Invalid(errors);
        var learner = await Assignments.LearnersQuery(db).SingleOrDefaultAsync(l => l.UserId == request.UserId, cancellationToken);
        if (learner is null) return Outcome<EnrollmentItem>.Invalid("userId", "Choose an active partner user.");
        if (!await db.Courses.AnyAsync(c => c.Id == request.CourseId && c.Status == CourseStatus.Published, cancellationToken))
        {
            return Outcome<EnrollmentItem>.Invalid("courseId", "Choose a published course.");
        }
        var existing = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == request.UserId && e.CourseId == request.CourseId, cancellationToken);
        if (existing is not null)
        {
            if (request.DueAt is not null && existing.CompletedAt is null) existing.DueAt = request.DueAt;
        }
        else
        {
            existing = new Enrollment
            {
                UserId = learner.UserId, PartnerId = learner.PartnerId, CourseId = request.CourseId!.Value, Source = EnrollmentSource.Vendor, EnrolledAt = now, DueAt = request.DueAt,
            };
            db.Enrollments.Add(existing);
        }
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<EnrollmentItem>.Conflict("The enrollment changed meanwhile; reload it.");
        var page = await ListAsync(new EnrollmentQuery(null, null, null, null, null, null, 1, 1, null, null) with { UserId = existing.UserId, CourseId = existing.CourseId }, cancellationToken);
        return page.Value!.Items.Single();
    }
}
