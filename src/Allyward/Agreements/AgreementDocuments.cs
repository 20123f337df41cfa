using System.Linq.Expressions;
using System.Text;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements;

public sealed record AgreementDto(Guid Id, string Title, PartnerType? PartnerType, int Version, AgreementFormat Format, string Sha256,
    DateTime PublishedAt, string PublishedByName, bool RequiresResign, DateTime? ResignDeadline)
{
    public static AgreementDto Of(AgreementVersion v) =>
        new(v.Id, v.Title, v.PartnerType, v.Version, v.Format, v.Sha256, v.PublishedAt, v.PublishedByName, v.RequiresResign, v.ResignDeadline);
}

public sealed record SignatureDto(Guid Id, Guid PartnerId, Guid AgreementVersionId, string Title, int Version, string SignerName, string SignerEmail,
    DateTime SignedAt, string? IpAddress, string? UserAgent, string DocumentSha256, string? CounterSignedByName, DateTime? CounterSignedAt);

/// <summary>Published agreement versions and their documents, as every use case of the module reads them.</summary>
public sealed class AgreementDocuments(AllywardDbContext db, IFileStorage storage)
{
    public Task<Paged<AgreementDto>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        db.AgreementVersions.AsNoTracking().OrderBy(v => v.Title).ThenByDescending(v => v.Version)
            .Select(v => new AgreementDto(v.Id, v.Title, v.PartnerType, v.Version, v.Format, v.Sha256, v.PublishedAt, v.PublishedByName, v.RequiresResign, v.ResignDeadline))
            .ToPageAsync(page, cancellationToken);

    public async Task<AgreementDto?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken) is { } v ? AgreementDto.Of(v) : null;

    public async Task<Document?> DocumentAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        return version is null ? null : await DocumentOfAsync(version, cancellationToken);
    }

    /// <summary>An agreement's document, for a partner it applies to.</summary>
    public async Task<Document?> PartnerDocumentAsync(Guid partnerId, Guid versionId, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSummaries.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (partner is null || version is null || !version.AppliesTo(partner.Type)) return null;
        return await DocumentOfAsync(version, cancellationToken);
    }

    /// <summary>The exact document version a signature is for.</summary>
    public async Task<Document?> SignedDocumentAsync(Guid partnerId, Guid signatureId, CancellationToken cancellationToken = default)
    {
        var versionId = await db.AgreementSignatures.Where(s => s.Id == signatureId && s.PartnerId == partnerId)
            .Select(s => (Guid?)s.AgreementVersionId).SingleOrDefaultAsync(cancellationToken);
        return versionId is { } id ? await DocumentAsync(id, cancellationToken) : null;
    }

    /// <summary>Signatures matching <paramref name="filter"/>, newest first (filter and order apply before the projection, in SQL).</summary>
    public IQueryable<SignatureDto> Signatures(Expression<Func<AgreementSignature, bool>> filter) =>
        from s in db.AgreementSignatures.Where(filter)
        join v in db.AgreementVersions on s.AgreementVersionId equals v.Id
        orderby s.SignedAt descending, s.Id descending
        select new SignatureDto(s.Id, s.PartnerId, s.AgreementVersionId, v.Title, v.Version, s.SignerName, s.SignerEmail, s.SignedAt,
            s.IpAddress, s.UserAgent, s.DocumentSha256, s.CounterSignedByName, s.CounterSignedAt);

    public static IResult Download(Document document) => TypedResults.File(document.Content, document.ContentType, document.FileName);

    private async Task<Document?> DocumentOfAsync(AgreementVersion version, CancellationToken cancellationToken)
    {
        var name = $"{string.Concat(version.Title.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-')).Trim()} v{version.Version}";
        if (version.Format == AgreementFormat.Markdown) return new Document(Encoding.UTF8.GetBytes(version.Text!), "text/markdown; charset=utf-8", name + ".md");
        await using var stream = await storage.OpenAsync(version.StorageKey!, cancellationToken);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return new Document(buffer.ToArray(), FileTypes.Pdf.ContentType, name + ".pdf");
    }
}
