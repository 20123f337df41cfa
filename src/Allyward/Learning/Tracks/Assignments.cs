using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Tracks;

/// <summary>
/// Enrolls partner users in what the assignment rules give them: when a user is invited or takes another role
/// (through <see cref="IPartnerUserListener"/>, in the same save), and when a rule is added, for everyone who matches.
/// Enrolling is idempotent: a learner is enrolled in a course once, whatever the number of rules giving it.
/// </summary>
public sealed class Assignments(AllywardDbContext db, TimeProvider time) : IPartnerUserListener
{
    public async Task PartnerUserChangedAsync(AppUser user, CancellationToken cancellationToken)
    {
        if (user.PartnerId is not { } partnerId || !user.IsActive) return;
        var partner = await db.PartnerSummaries.AsSystem().Where(p => p.Id == partnerId)
            .Select(p => new { p.Type, p.Region }).SingleOrDefaultAsync(cancellationToken);
        if (partner is null) return;
        var rules = await db.AssignmentRules.AsNoTracking().ToListAsync(cancellationToken);
        await EnrollAsync([new LearnerProfile { UserId = user.Id, PartnerId = partnerId, PartnerType = partner.Type, Region = partner.Region, Role = user.Role }], rules, cancellationToken);
    }

    /// <summary>Enrolls every active partner user matching <paramref name="rule"/>; the caller saves. Returns how many enrollments were added.</summary>
    public async Task<int> ApplyAsync(AssignmentRule rule, CancellationToken cancellationToken)
    {
        var learners = await LearnersQuery(db).ToListAsync(cancellationToken);
        return await EnrollAsync(learners.Where(rule.Matches).ToList(), [rule], cancellationToken);
    }

    /// <summary>Active partner users with their partner's type and region, as the system sees them.</summary>
    public static IQueryable<LearnerProfile> LearnersQuery(AllywardDbContext db) =>
        from u in db.Users.AsSystem()
        join p in db.PartnerSummaries.AsSystem() on u.PartnerId equals p.Id
        where u.IsActive && p.Stage != PartnerStage.Former && p.Stage != PartnerStage.Rejected
        select new LearnerProfile { UserId = u.Id, PartnerId = p.Id, PartnerType = p.Type, Region = p.Region, Role = u.Role };

    private async Task<int> EnrollAsync(IReadOnlyList<LearnerProfile> learners, IReadOnlyList<AssignmentRule> rules, CancellationToken cancellationToken)
    {
        if (learners.Count == 0 || rules.Count == 0) return 0;
        var trackIds = rules.Where(r => r.TrackId is not null).Select(r => r.TrackId!.Value).ToList();
        var tracks = await db.LearningTracks.AsNoTracking().Where(t => trackIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var published = (await db.Courses.AsNoTracking().Where(c => c.Status == CourseStatus.Published).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var userIds = learners.Select(l => l.UserId).ToList();
        var existing = (await db.Enrollments.AsSystem().Where(e => userIds.Contains(e.UserId)).Select(e => new { e.UserId, e.CourseId })
            .ToListAsync(cancellationToken)).Select(e => (e.UserId, e.CourseId)).ToHashSet();
        foreach (var added in db.ChangeTracker.Entries<Enrollment>().Where(e => e.State == EntityState.Added)) existing.Add((added.Entity.UserId, added.Entity.CourseId));

        var now = time.GetUtcNow().UtcDateTime;
        var count = 0;
        foreach (var learner in learners)
        {
            foreach (var rule in rules.Where(r => r.Matches(learner)))
            {
                var courses = rule.CourseId is { } courseId ? [courseId] : rule.TrackId is { } trackId && tracks.TryGetValue(trackId, out var track) ? track.CourseIds : [];
                foreach (var course in courses.Where(published.Contains))
                {
                    if (!existing.Add((learner.UserId, course))) continue;
                    db.Enrollments.Add(new Enrollment
                    {
                        UserId = learner.UserId, PartnerId = learner.PartnerId, CourseId = course, Source = EnrollmentSource.Rule, RuleId = rule.Id,
                        EnrolledAt = now, DueAt = now.AddDays(rule.DueDays),
                    });
                    count++;
                }
            }
        }
        return count;
    }
}
