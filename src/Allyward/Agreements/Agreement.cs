using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Agreements;

public enum AgreementFormat { Markdown, Pdf }

/// <summary>How an agreement's format reads on pages.</summary>
public static class AgreementLabels
{
    public static string Label(this AgreementFormat format) => format switch
    {
        AgreementFormat.Markdown => "Text",
        AgreementFormat.Pdf => "PDF document",
        _ => format.ToString(),
    };
}

/// <summary>
/// One published version of an agreement. Versions never change once published; a new text is a new version
/// of the same title, and may require partners to sign again by a deadline.
/// </summary>
public sealed class AgreementVersion : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Title { get; init; } = "";

    /// <summary>The partner type the agreement is for; null means every type.</summary>
    public PartnerType? PartnerType { get; init; }

    public int Version { get; init; }
    public AgreementFormat Format { get; init; }

    /// <summary>The Markdown text, for Markdown agreements.</summary>
    public string? Text { get; init; }

    /// <summary>The stored PDF, for PDF agreements.</summary>
    public string? StorageKey { get; init; }

    /// <summary>SHA-256 (hex) of the exact bytes partners sign: the UTF-8 text or the PDF.</summary>
    public string Sha256 { get; init; } = "";

    public DateTime PublishedAt { get; init; }
    public string PublishedByName { get; init; } = "";
    public bool RequiresResign { get; init; }
    public DateTime? ResignDeadline { get; init; }

    public bool AppliesTo(PartnerType type) => PartnerType is null || PartnerType == type;
}

/// <summary>A partner's click-through signature of one agreement version, with its evidence.</summary>
[AuditCreationAs("agreement.signed")]
public sealed class AgreementSignature : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public Guid AgreementVersionId { get; init; }
    public Guid SignerId { get; init; }
    public string SignerName { get; init; } = "";
    public string SignerEmail { get; init; } = "";
    public DateTime SignedAt { get; init; }
    public string? IpAddress { get; init; }
    public string? UserAgent { get; init; }

    /// <summary>The SHA-256 of the document the signer was shown and agreed to.</summary>
    public string DocumentSha256 { get; init; } = "";

    public Guid? CounterSignedById { get; private set; }
    public string? CounterSignedByName { get; private set; }
    public DateTime? CounterSignedAt { get; private set; }

    /// <summary>When the last reminder to sign a newer version went out, so reminders are not repeated daily.</summary>
    public DateTime? LastReminderAt { get; set; }

    /// <summary>The vendor's counter-signature; refused (with the reason) when there is one already.</summary>
    public string? CounterSign(Guid? byId, string byName, DateTime now)
    {
        if (CounterSignedAt is not null) return "This signature is already counter-signed.";
        (CounterSignedById, CounterSignedByName, CounterSignedAt) = (byId, byName, now);
        return null;
    }
}

internal sealed class AgreementVersionConfiguration : IEntityTypeConfiguration<AgreementVersion>
{
    public void Configure(EntityTypeBuilder<AgreementVersion> version)
    {
        version.ToTable("AgreementVersions");
        version.Property(v => v.Title).HasMaxLength(200);
        version.Property(v => v.PartnerType).HasConversion<string>().HasMaxLength(40);
        version.Property(v => v.Format).HasConversion<string>().HasMaxLength(20);
        version.Property(v => v.StorageKey).HasMaxLength(64);
        version.Property(v => v.Sha256).HasMaxLength(64);
        version.Property(v => v.PublishedByName).HasMaxLength(200);
        version.HasIndex(v => new { v.Title, v.Version }).IsUnique();
    }
}

internal sealed class AgreementSignatureConfiguration : IEntityTypeConfiguration<AgreementSignature>
{
    public void Configure(EntityTypeBuilder<AgreementSignature> signature)
    {
        signature.ToTable("AgreementSignatures");
        signature.Property(s => s.SignerName).HasMaxLength(200);
        signature.Property(s => s.SignerEmail).HasMaxLength(256);
        signature.Property(s => s.IpAddress).HasMaxLength(64);
        signature.Property(s => s.UserAgent).HasMaxLength(500);
        signature.Property(s => s.DocumentSha256).HasMaxLength(64);
        signature.Property(s => s.CounterSignedByName).HasMaxLength(200);
        signature.ReferencesPartner(s => s.PartnerId);
        signature.HasOne<AgreementVersion>().WithMany().HasForeignKey(s => s.AgreementVersionId);
        signature.HasIndex(s => new { s.PartnerId, s.AgreementVersionId }).IsUnique();
    }
}

/// <summary>A reminder to sign a version. One per partner, version and day: the unique index makes a second node's attempt fail.</summary>
public sealed class AgreementReminder : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public Guid AgreementVersionId { get; init; }
    public DateOnly Day { get; init; }
    public DateTime SentAt { get; init; }
}

internal sealed class AgreementReminderConfiguration : IEntityTypeConfiguration<AgreementReminder>
{
    public void Configure(EntityTypeBuilder<AgreementReminder> reminder)
    {
        reminder.ToTable("AgreementReminders");
        reminder.HasIndex(r => new { r.PartnerId, r.AgreementVersionId, r.Day }).IsUnique();
    }
}
