using Allyward.Platform.Audit;
using Allyward.Platform.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Learning;

/// <summary>A video, document or cover image of a course: the vendor's content, belonging to no partner.</summary>
public sealed class LearningFile : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Size { get; init; }
    public string StorageKey { get; init; } = "";
    public DateTime UploadedAt { get; init; }
}

/// <summary>The kinds of file a course holds, recognised by their first bytes, each with its largest size.</summary>
public static class LearningFileTypes
{
    public sealed record Kind(string Name, string Extension, string ContentType, long MaxBytes, Func<ReadOnlyMemory<byte>, bool> Recognises);

    public const long Megabyte = 1024 * 1024;

    public static readonly Kind Pdf = new("PDF", ".pdf", "application/pdf", 50 * Megabyte, head => head.Span.StartsWith("%PDF-"u8));
    public static readonly Kind Mp4 = new("MP4 video", ".mp4", "video/mp4", 500 * Megabyte, head => head.Length >= 8 && head.Span[4..8].SequenceEqual("ftyp"u8));
    public static readonly Kind WebM = new("WebM video", ".webm", "video/webm", 500 * Megabyte, head => head.Span.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]));
    public static readonly Kind Png = new("PNG image", ".png", "image/png", 2 * Megabyte, head => head.Span.StartsWith(FileTypes.Png.Signature));
    public static readonly Kind Jpeg = new("JPEG image", ".jpg", "image/jpeg", 2 * Megabyte, head => head.Span.StartsWith(FileTypes.Jpeg.Signature));

    public static readonly Kind[] Videos = [Mp4, WebM];
    public static readonly Kind[] Documents = [Pdf];
    public static readonly Kind[] Images = [Png, Jpeg];
}

internal sealed class LearningFileConfiguration : IEntityTypeConfiguration<LearningFile>
{
    public void Configure(EntityTypeBuilder<LearningFile> file)
    {
        file.ToTable("LearningFiles");
        file.Property(f => f.FileName).HasMaxLength(255);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.StorageKey).HasMaxLength(100);
    }
}
