using System.Security.Cryptography;
using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Learning;

public enum CertificateStatus { Valid, Expired, Revoked }

/// <summary>Ordered courses for a role, leading to a certification when all of them are completed.</summary>
public sealed class LearningTrack : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>The partner role the track prepares (sales, technical, marketing), if it is for one.</summary>
    public UserRole? ForRole { get; set; }

    public List<Guid> CourseIds { get; set; } = [];
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// What a partner's people can be certified in, awarded automatically when its track is completed or its exam course
/// is passed, and valid for a number of months.
/// </summary>
public sealed class Certification : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int ValidityMonths { get; set; } = 24;
    public Guid? TrackId { get; set; }
    public Guid? ExamCourseId { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// One person's certificate. Its <see cref="PublicCode"/> is the unguessable address of its public verification page;
/// the holder's, partner's and certification's names are kept as awarded, so the page never reads other data.
/// </summary>
public sealed class Certificate : IPartnerOwned, IVersioned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CertificationId { get; init; }
    public Guid UserId { get; init; }
    public Guid PartnerId { get; init; }
    public string HolderName { get; init; } = "";
    public string PartnerName { get; init; } = "";
    public string CertificationName { get; init; } = "";
    public string PublicCode { get; init; } = NewCode();
    public DateTime IssuedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }
    public string? RevokedByName { get; private set; }

    /// <summary>The lead, in days, of the last expiry reminder sent (60, 30 or 7); null before the first.</summary>
    public int? RemindedDaysBefore { get; private set; }

    /// <summary>When the expiry was announced; set once, by the expiry job.</summary>
    public DateTime? ExpiredAt { get; private set; }

    public int Version { get; private set; }

    public CertificateStatus StatusAt(DateTime now) =>
        RevokedAt is not null ? CertificateStatus.Revoked : ExpiresAt <= now ? CertificateStatus.Expired : CertificateStatus.Valid;

    public string? Revoke(DateTime now, string reason, string byName)
    {
        if (RevokedAt is not null) return "This certificate is revoked already.";
        RevokedAt = now;
        RevokedReason = reason;
        RevokedByName = byName;
        return null;
    }

    /// <summary>Marks the reminder whose lead is <paramref name="daysBefore"/>; false when it or a later one went out.</summary>
    public bool MarkReminded(int daysBefore)
    {
        if (RevokedAt is not null || ExpiredAt is not null || RemindedDaysBefore <= daysBefore) return false;
        RemindedDaysBefore = daysBefore;
        return true;
    }

    public bool MarkExpired(DateTime now)
    {
        if (RevokedAt is not null || ExpiredAt is not null || ExpiresAt > now) return false;
        ExpiredAt = now;
        return true;
    }

    /// <summary>26 characters of base32: 130 bits, enough that no address can be guessed.</summary>
    public static string NewCode()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var bytes = RandomNumberGenerator.GetBytes(26);
        return string.Create(26, bytes, (span, b) => { for (var i = 0; i < span.Length; i++) span[i] = alphabet[b[i] & 31]; });
    }
}

/// <summary>
/// Enrolls every partner user who matches its audience in a track's courses or one course, with a due date: when a
/// user is invited, when their role changes, and — for everyone who already matches — when the rule is added.
/// </summary>
public sealed class AssignmentRule : IAudited, IAudienced
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public List<PartnerType> PartnerTypes { get; set; } = [];
    public List<Region> Regions { get; set; } = [];
    public List<UserRole> Roles { get; set; } = [];
    public Guid? TrackId { get; set; }
    public Guid? CourseId { get; set; }
    public int DueDays { get; set; } = 30;
    public DateTime CreatedAt { get; init; }
}

internal sealed class LearningTrackConfiguration : IEntityTypeConfiguration<LearningTrack>
{
    public void Configure(EntityTypeBuilder<LearningTrack> track)
    {
        track.ToTable("LearningTracks");
        track.Property(t => t.Title).HasMaxLength(200);
        track.Property(t => t.Description).HasMaxLength(2000);
        track.Property(t => t.ForRole).HasConversion<string>().HasMaxLength(40);
    }
}

internal sealed class CertificationConfiguration : IEntityTypeConfiguration<Certification>
{
    public void Configure(EntityTypeBuilder<Certification> certification)
    {
        certification.ToTable("Certifications");
        certification.Property(c => c.Name).HasMaxLength(200);
        certification.Property(c => c.Description).HasMaxLength(2000);
        certification.HasOne<LearningTrack>().WithMany().HasForeignKey(c => c.TrackId).OnDelete(DeleteBehavior.Restrict);
        certification.HasOne<Course>().WithMany().HasForeignKey(c => c.ExamCourseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> certificate)
    {
        certificate.ToTable("Certificates");
        certificate.Property(c => c.HolderName).HasMaxLength(200);
        certificate.Property(c => c.PartnerName).HasMaxLength(200);
        certificate.Property(c => c.CertificationName).HasMaxLength(200);
        certificate.Property(c => c.PublicCode).HasMaxLength(26);
        certificate.Property(c => c.RevokedReason).HasMaxLength(1000);
        certificate.Property(c => c.RevokedByName).HasMaxLength(200);
        certificate.ReferencesPartner(c => c.PartnerId);
        certificate.HasOne<Certification>().WithMany().HasForeignKey(c => c.CertificationId).OnDelete(DeleteBehavior.Restrict);
        certificate.HasIndex(c => c.PublicCode).IsUnique();
        certificate.HasIndex(c => new { c.PartnerId, c.CertificationId });
        certificate.HasIndex(c => new { c.UserId, c.CertificationId });
        certificate.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class AssignmentRuleConfiguration : IEntityTypeConfiguration<AssignmentRule>
{
    public void Configure(EntityTypeBuilder<AssignmentRule> rule)
    {
        rule.ToTable("LearningAssignmentRules");
        rule.Property(r => r.Name).HasMaxLength(200);
        rule.HasOne<LearningTrack>().WithMany().HasForeignKey(r => r.TrackId).OnDelete(DeleteBehavior.Cascade);
        rule.HasOne<Course>().WithMany().HasForeignKey(r => r.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}
