using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Files;

/// <summary>A document a partner uploaded; the bytes are in <see cref="IFileStorage"/> under <see cref="StorageKey"/>.</summary>
public sealed class StoredFile : IPartnerOwned, IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";

    [NotAudited]
    public string StorageKey { get; init; } = "";

    public DateTime UploadedAt { get; init; }
    public string UploadedByName { get; init; } = "";
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> file)
    {
        file.ToTable("Files");
        file.Property(f => f.FileName).HasMaxLength(200);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.Sha256).HasMaxLength(64);
        file.Property(f => f.StorageKey).HasMaxLength(64);
        file.Property(f => f.UploadedByName).HasMaxLength(200);
        file.HasIndex(f => f.PartnerId);
    }
}
