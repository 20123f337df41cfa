using Allyward.Partners.Contracts;
using Allyward.Platform.Files;
using Allyward.Platform.Isolation;
using Allyward.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Partners;

/// <summary>A partner organization: a company that sells, delivers or refers the vendor's products.</summary>
public sealed class Partner : IAudited, IPartnerOrganization, Platform.Data.ICachedConfiguration
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public PartnerType Type { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string Country { get; set; } = "";

    public Region Region { get; set; }
    public List<string> Industries { get; set; } = [];
    public List<string> Specializations { get; set; } = [];
    public string? Website { get; set; }

    /// <summary>The corporate e-mail and web domain, lower case, without <c>www.</c>.</summary>
    public string? Domain { get; set; }

    public SizeBand SizeBand { get; set; }

    /// <summary>What the partner says about itself, in its own words (partner-managed).</summary>
    public string? Description { get; set; }

    /// <summary>The postal address; <see cref="Country"/> completes it (partner-managed).</summary>
    public string? Street { get; set; }

    public string? City { get; set; }
    public string? PostalCode { get; set; }

    /// <summary>The partner's logo: a PNG, JPEG or WebP image among the partner's files (partner-managed).</summary>
    public Guid? LogoFileId { get; set; }

    /// <summary>The channel account manager who owns the relationship.</summary>
    public Guid? OwnerId { get; set; }

    public PartnerStage Stage { get; private set; } = PartnerStage.Applicant;
    public DateTime StageChangedAt { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public static Partner Create(string name, PartnerStage stage, DateTime now) => new()
    {
        Name = name,
        Stage = stage,
        StageChangedAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Moves the partner to another stage, or refuses if the lifecycle does not allow that move.</summary>
    public PartnerStageTransition? ChangeStage(PartnerStage to, string reason, Guid? byUserId, string byName, DateTime now)
    {
        if (!PartnerLifecycle.CanMove(Stage, to)) return null;
        var transition = new PartnerStageTransition
        {
            PartnerId = Id,
            From = Stage,
            To = to,
            Reason = reason,
            ChangedById = byUserId,
            ChangedByName = byName,
            At = now,
        };
        Stage = to;
        StageChangedAt = now;
        UpdatedAt = now;
        return transition;
    }
}

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> partner)
    {
        partner.ToTable("Partners");
        partner.HasMany<StoredFile>().WithOne().HasForeignKey(f => f.PartnerId);
        partner.Property(p => p.Name).HasMaxLength(PartnerLimits.Name);
        partner.Property(p => p.Type).HasConversion<string>().HasMaxLength(40);
        partner.Property(p => p.Region).HasConversion<string>().HasMaxLength(40);
        partner.Property(p => p.SizeBand).HasConversion<string>().HasMaxLength(40);
        partner.Property(p => p.Stage).HasConversion<string>().HasMaxLength(40);
        partner.Property(p => p.Country).HasMaxLength(2);
        partner.Property(p => p.Website).HasMaxLength(PartnerLimits.Website);
        partner.Property(p => p.Domain).HasMaxLength(PartnerLimits.Website);
        partner.Property(p => p.Description).HasMaxLength(PartnerLimits.Description);
        partner.Property(p => p.Street).HasMaxLength(PartnerLimits.Street);
        partner.Property(p => p.City).HasMaxLength(PartnerLimits.City);
        partner.Property(p => p.PostalCode).HasMaxLength(PartnerLimits.PostalCode);
        // Two people changing one partner at once: the second save fails instead of silently overwriting.
        partner.Property(p => p.UpdatedAt).IsConcurrencyToken();
        partner.HasIndex(p => p.Name);
        partner.HasIndex(p => p.Domain);
        partner.HasIndex(p => p.Stage);
        partner.HasIndex(p => p.OwnerId);
    }
}

public static class PartnerLimits
{
    public const int Name = 200;
    public const int Website = 300;
    public const int Tag = 60;
    public const int Tags = 20;
    public const int Reason = 1000;
    public const int Description = 2000;
    public const int Street = 200;
    public const int City = 100;
    public const int PostalCode = 20;

    /// <summary>The largest logo accepted, in bytes.</summary>
    public const int LogoBytes = 1024 * 1024;
}
