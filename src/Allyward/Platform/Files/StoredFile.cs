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

    /// <summary>
    /// Saves an upload's bytes (already recognised as <paramref name="type"/>) and describes them; the caller adds the
    /// record to its unit of work, and deletes the bytes again if that save fails.
    /// </summary>
    public static async Task<StoredFile> SaveAsync(IFileStorage storage, Guid partnerId, string fileName, FileTypes.FileType type, byte[] bytes,
        DateTime at, string by, CancellationToken cancellationToken) => new()
    {
        PartnerId = partnerId,
        FileName = FileTypes.SafeName(fileName),
        ContentType = type.ContentType,
        Size = bytes.Length,
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
        StorageKey = await storage.SaveAsync(new MemoryStream(bytes), cancellationToken),
        UploadedAt = at,
        UploadedByName = by,
    };
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
