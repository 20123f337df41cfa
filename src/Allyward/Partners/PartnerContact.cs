using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Partners;

/// <summary>A person at the partner the vendor deals with, who may or may not have a portal account.</summary>
public sealed class PartnerContact : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string? JobTitle { get; set; }
    public bool IsPrimary { get; set; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class PartnerContactConfiguration : IEntityTypeConfiguration<PartnerContact>
{
    public void Configure(EntityTypeBuilder<PartnerContact> contact)
    {
        contact.ToTable("PartnerContacts");
        contact.Property(c => c.Name).HasMaxLength(200);
        contact.Property(c => c.Email).HasMaxLength(256);
        contact.Property(c => c.Phone).HasMaxLength(40);
        contact.Property(c => c.JobTitle).HasMaxLength(200);
        contact.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId);
        contact.HasIndex(c => c.PartnerId);
    }
}
