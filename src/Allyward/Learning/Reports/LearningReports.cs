using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Csv;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Reports;

/// <summary>One course's numbers: learners enrolled, in progress, completed and overdue, the quiz pass rate, the average score and study time to complete.</summary>
public sealed record CourseReportRow(Guid CourseId, string Course, int Enrolled, int InProgress, int Completed, int Overdue, double? PassRatePercent,
    double? AverageScorePercent, double? AverageMinutesToComplete);

/// <summary>One partner's numbers: learners, enrollments, completions, overdue courses and people holding a valid certificate.</summary>
public sealed record PartnerReportRow(Guid PartnerId, string Partner, int Learners, int Enrolled, int Completed, int Overdue, int CertifiedPeople);

/// <summary>One learner of a partner's team, with their courses and certificates.</summary>
public sealed record TeamMemberRow(Guid UserId, string Name, UserRole Role, int Enrolled, int Completed, int Overdue, int ValidCertificates, int MinutesSpent);

/// <summary>
/// The learning reports, each computed set-wise in the database (one grouped query per table, never one per course or
/// learner). Partner isolation applies: a partner admin's numbers are their own organization's.
/// </summary>
public sealed class LearningReports(AllywardDbContext db, TimeProvider time)
{
    /// <param name="courseId">One course's row only (the report a channel manager opens from a course).</param>
    public async Task<IReadOnlyList<CourseReportRow>> CoursesAsync(Guid? partnerId, CancellationToken cancellationToken = default, Guid? courseId = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var enrollments = db.Enrollments.AsNoTracking();
        var attempts = db.QuizAttempts.AsNoTracking().Where(a => a.SubmittedAt != null);
        var courseRows = db.Courses.AsNoTracking().Where(c => c.Status != CourseStatus.Draft);
        if (courseId is { } course)
        {
            enrollments = enrollments.Where(e => e.CourseId == course);
            attempts = attempts.Where(a => a.CourseId == course);
            courseRows = courseRows.Where(c => c.Id == course);
        }
        if (partnerId is { } p)
        {
            enrollments = enrollments.Where(e => e.PartnerId == p);
            attempts = attempts.Where(a => a.PartnerId == p);
        }
        var counts = await enrollments.GroupBy(e => e.CourseId).Select(g => new
        {
            CourseId = g.Key,
            Enrolled = g.Count(),
            InProgress = g.Count(e => e.CompletedAt == null && e.StartedAt != null),
            Completed = g.Count(e => e.CompletedAt != null),
            Overdue = g.Count(e => e.CompletedAt == null && e.DueAt < now),
            Score = g.Average(e => (double?)e.ScorePercent),
            Seconds = g.Where(e => e.CompletedAt != null).Average(e => (double?)e.SecondsSpent),
        }).ToDictionaryAsync(r => r.CourseId, cancellationToken);
        var passes = await attempts.GroupBy(a => a.CourseId).Select(g => new { CourseId = g.Key, Submitted = g.Count(), Passed = g.Count(a => a.Passed == true) })
            .ToDictionaryAsync(r => r.CourseId, cancellationToken);
        var courses = await courseRows.OrderBy(c => c.Title).Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        return courses.Select(c =>
        {
            var n = counts.GetValueOrDefault(c.Id);
            var q = passes.GetValueOrDefault(c.Id);
            return new CourseReportRow(c.Id, c.Title, n?.Enrolled ?? 0, n?.InProgress ?? 0, n?.Completed ?? 0, n?.Overdue ?? 0,
                q is { Submitted: > 0 } ? Math.Round(100.0 * q.Passed / q.Submitted, 1) : null,
                n?.Score is { } score ? Math.Round(score, 1) : null, n?.Seconds is { } seconds ? Math.Round(seconds / 60, 1) : null);
        }).ToList();
    }

    public async Task<IReadOnlyList<PartnerReportRow>> PartnersAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var learners = await db.Users.AsNoTracking().Where(u => u.PartnerId != null && u.IsActive).GroupBy(u => u.PartnerId!.Value)
            .Select(g => new { PartnerId = g.Key, Count = g.Count() }).ToDictionaryAsync(r => r.PartnerId, r => r.Count, cancellationToken);
        var enrollments = await db.Enrollments.AsNoTracking().GroupBy(e => e.PartnerId).Select(g => new
        {
            PartnerId = g.Key, Enrolled = g.Count(), Completed = g.Count(e => e.CompletedAt != null), Overdue = g.Count(e => e.CompletedAt == null && e.DueAt < now),
        }).ToDictionaryAsync(r => r.PartnerId, cancellationToken);
        var certified = await CertifiedPeopleAsync(now, cancellationToken);
        var partners = await db.PartnerSummaries.Where(p => learners.Keys.Contains(p.Id) || enrollments.Keys.Contains(p.Id))
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        return partners.Select(p =>
        {
            var e = enrollments.GetValueOrDefault(p.Id);
            return new PartnerReportRow(p.Id, p.Name, learners.GetValueOrDefault(p.Id), e?.Enrolled ?? 0, e?.Completed ?? 0, e?.Overdue ?? 0, certified.GetValueOrDefault(p.Id));
        }).ToList();
    }

    private async Task<Dictionary<Guid, int>> CertifiedPeopleAsync(DateTime now, CancellationToken cancellationToken) =>
        await db.Certificates.AsNoTracking().Where(c => c.RevokedAt == null && c.ExpiresAt > now)
            .GroupBy(c => c.PartnerId).Select(g => new { PartnerId = g.Key, People = g.Select(c => c.UserId).Distinct().Count() })
            .ToDictionaryAsync(r => r.PartnerId, r => r.People, cancellationToken);

    public async Task<Outcome<IReadOnlyList<TeamMemberRow>>> TeamAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        if (!await db.PartnerSummaries.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<IReadOnlyList<TeamMemberRow>>.NotFound("No such partner.");
        var now = time.GetUtcNow().UtcDateTime;
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.PartnerId == partnerId).GroupBy(e => e.UserId).Select(g => new
        {
            UserId = g.Key, Enrolled = g.Count(), Completed = g.Count(e => e.CompletedAt != null), Overdue = g.Count(e => e.CompletedAt == null && e.DueAt < now),
            Seconds = g.Sum(e => e.SecondsSpent),
        }).ToDictionaryAsync(r => r.UserId, cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.PartnerId == partnerId && c.RevokedAt == null && c.ExpiresAt > now)
            .GroupBy(c => c.UserId).Select(g => new { UserId = g.Key, Count = g.Count() }).ToDictionaryAsync(r => r.UserId, r => r.Count, cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.PartnerId == partnerId && u.IsActive).OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, u.Role }).ToListAsync(cancellationToken);
        return users.Select(u =>
        {
            var e = enrollments.GetValueOrDefault(u.Id);
            return new TeamMemberRow(u.Id, u.FullName, u.Role, e?.Enrolled ?? 0, e?.Completed ?? 0, e?.Overdue ?? 0, certificates.GetValueOrDefault(u.Id), (e?.Seconds ?? 0) / 60);
        }).ToList();
    }

    public static byte[] CoursesCsv(IEnumerable<CourseReportRow> rows) => CsvWriter.Write(
        ["course_id", "course", "enrolled", "in_progress", "completed", "overdue", "pass_rate_percent", "average_score_percent", "average_minutes_to_complete"],
        rows.Select(r => new[] { r.CourseId.ToString(), r.Course, $"{r.Enrolled}", $"{r.InProgress}", $"{r.Completed}", $"{r.Overdue}", Number(r.PassRatePercent),
            Number(r.AverageScorePercent), Number(r.AverageMinutesToComplete) }));

    public static byte[] PartnersCsv(IEnumerable<PartnerReportRow> rows) => CsvWriter.Write(
        ["partner_id", "partner", "learners", "enrolled", "completed", "overdue", "certified_people"],
        rows.Select(r => new[] { r.PartnerId.ToString(), r.Partner, $"{r.Learners}", $"{r.Enrolled}", $"{r.Completed}", $"{r.Overdue}", $"{r.CertifiedPeople}" }));

    public static byte[] TeamCsv(IEnumerable<TeamMemberRow> rows) => CsvWriter.Write(
        ["user_id", "name", "role", "enrolled", "completed", "overdue", "valid_certificates", "minutes_spent"],
        rows.Select(r => new[] { r.UserId.ToString(), r.Name, r.Role.ToString(), $"{r.Enrolled}", $"{r.Completed}", $"{r.Overdue}", $"{r.ValidCertificates}", $"{r.MinutesSpent}" }));

    private static string? Number(double? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A report's rows: one per course, partner or person, a bounded set.</summary>
public sealed record ReportRows<T>(IReadOnlyList<T> Items);
