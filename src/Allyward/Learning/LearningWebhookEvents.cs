using Allyward.Platform.Modules;

namespace Allyward.Learning;

/// <summary>The learning events integrations can subscribe to.</summary>
public static class LearningWebhookEvents
{
    public const string CourseCompleted = "course.completed";
    public const string CertificationAwarded = "certification.awarded";
    public const string CertificationExpiring = "certification.expiring";
    public const string CertificationExpired = "certification.expired";
    public const string CertificationRevoked = "certification.revoked";

    public static readonly WebhookEventType[] All =
    [
        new(CourseCompleted, "A partner user completed a course."),
        new(CertificationAwarded, "A partner user was awarded a certification."),
        new(CertificationExpiring, "A certificate expires in 60, 30 or 7 days."),
        new(CertificationExpired, "A certificate expired."),
        new(CertificationRevoked, "The vendor revoked a certificate."),
    ];
}

/// <summary>A learner's completed course, as webhooks carry it.</summary>
public sealed record CourseCompletedEvent(Guid EnrollmentId, Guid CourseId, string CourseTitle, Guid UserId, Guid PartnerId, DateTime CompletedAt, int? ScorePercent);

/// <summary>A certificate, as webhooks carry it.</summary>
public sealed record CertificateEvent(Guid CertificateId, Guid CertificationId, string Certification, Guid UserId, string Holder, Guid PartnerId,
    DateTime IssuedAt, DateTime ExpiresAt, CertificateStatus Status, string VerificationUrl, string? RevokedReason = null);
