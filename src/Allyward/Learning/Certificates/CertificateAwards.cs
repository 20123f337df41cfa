using Allyward.Partners.Contracts;
using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyward.Learning.Certificates;

/// <summary>
/// Awards certifications when a learner completes what they require — the exam course, or every course of the track —
/// and starts recertification. A holder of a certificate valid for more than <see cref="RenewalWindow"/> is not
/// certified again; within it, passing again issues the next certificate.
/// </summary>
public sealed class CertificateAwards(AllywardDbContext db, TimeProvider time, WebhookPublisher webhooks, Outbox outbox, IOptions<AllywardOptions> options)
{
    public static readonly TimeSpan RenewalWindow = TimeSpan.FromDays(90);

    /// <summary>Awards what the completion of <paramref name="completed"/> earns; its changes join the caller's save.</summary>
    public async Task AwardForAsync(Enrollment completed, CancellationToken cancellationToken)
    {
        var courseId = completed.CourseId;
        var tracks = await db.LearningTracks.AsNoTracking().ToListAsync(cancellationToken);
        var trackIds = tracks.Where(t => t.CourseIds.Contains(courseId)).Select(t => t.Id).ToList();
        var certifications = await db.Certifications.AsNoTracking()
            .Where(c => c.ExamCourseId == courseId || (c.TrackId != null && trackIds.Contains(c.TrackId.Value))).ToListAsync(cancellationToken);
        if (certifications.Count == 0) return;

        var completedCourses = (await db.Enrollments.AsSystem().Where(e => e.UserId == completed.UserId && e.CompletedAt != null)
            .Select(e => e.CourseId).ToListAsync(cancellationToken)).Append(courseId).ToHashSet();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var certification in certifications)
        {
            if (certification.TrackId is { } trackId && !tracks.Single(t => t.Id == trackId).CourseIds.All(completedCourses.Contains)) continue;
            var renewFrom = now + RenewalWindow;
            if (await db.Certificates.AsSystem().AnyAsync(c => c.UserId == completed.UserId && c.CertificationId == certification.Id
                    && c.RevokedAt == null && c.ExpiresAt > renewFrom, cancellationToken)) continue;
            await AwardAsync(certification, completed.UserId, completed.PartnerId, now, cancellationToken);
        }
    }

    private async Task AwardAsync(Certification certification, Guid userId, Guid partnerId, DateTime now, CancellationToken cancellationToken)
    {
        var holder = await db.Users.AsSystem().Where(u => u.Id == userId).Select(u => new { u.FullName, u.Email }).SingleAsync(cancellationToken);
        var partnerName = await db.PartnerSummaries.AsSystem().Where(p => p.Id == partnerId).Select(p => p.Name).SingleAsync(cancellationToken);
        var certificate = new Certificate
        {
            CertificationId = certification.Id, UserId = userId, PartnerId = partnerId, HolderName = holder.FullName, PartnerName = partnerName,
            CertificationName = certification.Name, IssuedAt = now, ExpiresAt = now.AddMonths(certification.ValidityMonths),
        };
        db.Certificates.Add(certificate);
        outbox.Enqueue(new NotifyUser(userId, $"You are certified: {certification.Name}",
            $"Valid until {certificate.ExpiresAt:yyyy-MM-dd}. Share its verification page: {VerificationUrl(certificate)}", "/portal/learning/certificates", holder.Email));
        await webhooks.PublishAsync(LearningWebhookEvents.CertificationAwarded, EventOf(certificate, now), cancellationToken);
    }

    public string VerificationUrl(Certificate certificate) => $"{options.Value.PublicUrl.TrimEnd('/')}/verify/{certificate.PublicCode}";

    public CertificateEvent EventOf(Certificate c, DateTime now) => new(c.Id, c.CertificationId, c.CertificationName, c.UserId, c.HolderName, c.PartnerId,
        c.IssuedAt, c.ExpiresAt, c.StatusAt(now), VerificationUrl(c), c.RevokedReason);

    /// <summary>
    /// Opens the courses a certificate's holder must pass again to renew it (its exam course, or its track's quizzes),
    /// from <see cref="RenewalWindow"/> before it expires.
    /// </summary>
    public async Task<Outcome<bool>> RecertifyAsync(Guid certificateId, Guid userId, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId && c.UserId == userId, cancellationToken);
        if (certificate is null) return Outcome<bool>.NotFound("No such certificate of yours.");
        var now = time.GetUtcNow().UtcDateTime;
        if (certificate.RevokedAt is not null) return Outcome<bool>.Conflict("A revoked certificate cannot be renewed; ask your channel account manager.");
        if (certificate.ExpiresAt > now + RenewalWindow) return Outcome<bool>.Conflict($"Renewal opens {RenewalWindow.TotalDays:0} days before the certificate expires.");
        var certification = await db.Certifications.AsNoTracking().SingleAsync(c => c.Id == certificate.CertificationId, cancellationToken);
        var courseIds = certification.ExamCourseId is { } exam ? [exam]
            : (await db.LearningTracks.AsNoTracking().SingleAsync(t => t.Id == certification.TrackId, cancellationToken)).CourseIds;
        var quizLessons = await db.Lessons.AsNoTracking().Where(l => courseIds.Contains(l.CourseId) && l.Kind == LessonKind.Quiz).Select(l => l.Id).ToListAsync(cancellationToken);
        var enrollments = await db.Enrollments.Where(e => e.UserId == userId && courseIds.Contains(e.CourseId)).ToListAsync(cancellationToken);
        foreach (var enrollment in enrollments) enrollment.Reopen();
        foreach (var progress in await db.LessonProgress.Where(p => p.UserId == userId && quizLessons.Contains(p.LessonId)).ToListAsync(cancellationToken))
        {
            progress.CompletedAt = null;
        }
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<bool>.Conflict("Your learning changed meanwhile; try again.");
        return true;
    }
}
