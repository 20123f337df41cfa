using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Contracts;

/// <summary>How many people of a partner hold a valid certificate of a certification at a moment.</summary>
public sealed record CertifiedCount(Guid PartnerId, Guid CertificationId, string Certification, int People);

/// <summary>What other modules may know about learning: certified people (for tiers) and completed courses (for onboarding).</summary>
public static class CertifiedPeople
{
    /// <summary>
    /// Currently certified people per partner and certification, in one grouped query; isolation applies as for the caller.
    /// With <paramref name="partnerIds"/>, only those partners' certificates are read (one partner's scorecard).
    /// </summary>
    public static async Task<IReadOnlyList<CertifiedCount>> CountsAsync(AllywardDbContext db, DateTime at, IReadOnlyCollection<Guid>? partnerIds = null, CancellationToken cancellationToken = default) =>
        await Valid(db, at, partnerIds)
            .GroupBy(c => new { c.PartnerId, c.CertificationId, c.CertificationName })
            .Select(g => new CertifiedCount(g.Key.PartnerId, g.Key.CertificationId, g.Key.CertificationName, g.Select(c => c.UserId).Distinct().Count()))
            .ToListAsync(cancellationToken);

    /// <summary>People per partner holding at least one valid certificate of any certification at a moment, in one grouped query; optionally of some partners only.</summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> AnyCertificationCountsAsync(AllywardDbContext db, DateTime at, IReadOnlyCollection<Guid>? partnerIds = null, CancellationToken cancellationToken = default) =>
        await Valid(db, at, partnerIds)
            .GroupBy(c => c.PartnerId)
            .Select(g => new { PartnerId = g.Key, People = g.Select(c => c.UserId).Distinct().Count() })
            .ToDictionaryAsync(x => x.PartnerId, x => x.People, cancellationToken);

    private static IQueryable<Certificate> Valid(AllywardDbContext db, DateTime at, IReadOnlyCollection<Guid>? partnerIds)
    {
        var valid = db.Certificates.AsNoTracking().Where(c => c.RevokedAt == null && c.IssuedAt <= at && c.ExpiresAt > at);
        return partnerIds is null ? valid : valid.Where(c => partnerIds.Contains(c.PartnerId));
    }
}

public static class CompletedCourses
{
    /// <summary>Whether someone at the partner completed a course of that title (any course when the title is empty).</summary>
    public static Task<bool> AnyAsync(AllywardDbContext db, Guid partnerId, string? courseTitle, CancellationToken cancellationToken = default) =>
        db.Enrollments.AsNoTracking().Where(e => e.PartnerId == partnerId && e.CompletedAt != null)
            .AnyAsync(e => string.IsNullOrEmpty(courseTitle) || db.Set<Course>().Any(c => c.Id == e.CourseId && c.Title == courseTitle), cancellationToken);

    /// <summary>The titles of the published courses, for choosing one in an onboarding template.</summary>
    public static async Task<IReadOnlyList<string>> PublishedTitlesAsync(AllywardDbContext db, CancellationToken cancellationToken = default) =>
        await db.Courses.AsNoTracking().Where(c => c.Status == CourseStatus.Published).OrderBy(c => c.Title).Select(c => c.Title).ToListAsync(cancellationToken);
}

public static class CertificationNames
{
    /// <summary>Every certification's name by id, for showing requirements that name one.</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> AllAsync(AllywardDbContext db, CancellationToken cancellationToken = default) =>
        await db.Certifications.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
}
