using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Allyward.Partners;
using Allyward.Partners.Timeline;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements;

public sealed record PublishAgreementRequest
{
    [Required(ErrorMessage = "The title is required."), StringLength(200, MinimumLength = 1, ErrorMessage = "The title is 1 to 200 characters.")]
    public string? Title { get; init; }

    /// <summary>The partner type the agreement is for; leave empty for every type.</summary>
    public PartnerType? PartnerType { get; init; }

    [StringLength(AgreementsHandler.MaxTextLength, ErrorMessage = "The text is at most 200,000 characters.")]
    public string? Text { get; init; }

    /// <summary>Partners who signed an earlier version must sign this one by <see cref="ResignDeadline"/>.</summary>
    public bool RequiresResign { get; init; }

    public DateTime? ResignDeadline { get; init; }
}

public sealed record AgreementDto(Guid Id, string Title, PartnerType? PartnerType, int Version, AgreementFormat Format, string Sha256,
    DateTime PublishedAt, string PublishedByName, bool RequiresResign, DateTime? ResignDeadline);

public sealed record SignatureDto(Guid Id, Guid PartnerId, Guid AgreementVersionId, string Title, int Version, string SignerName, string SignerEmail,
    DateTime SignedAt, string? IpAddress, string? UserAgent, string DocumentSha256, string? CounterSignedByName, DateTime? CounterSignedAt);

/// <summary>Where a partner stands with one agreement: the current version and whether it still has to sign.</summary>
public sealed record PartnerAgreementStatus(AgreementDto Current, SignatureDto? Signature, bool MustSign, DateTime? SignBy);

public sealed record SignRequest
{
    /// <summary>The SHA-256 of the document the signer was shown; it must be the current version's.</summary>
    [Required(ErrorMessage = "Send the SHA-256 of the document you agree to.")]
    public string? DocumentSha256 { get; init; }
}

public sealed record PendingPartner(Guid PartnerId, string Name, PartnerStage Stage, bool Overdue);

/// <summary>Publishes agreement versions, records click-through signatures with their evidence, and chases re-signing.</summary>
public sealed class AgreementsHandler(
    AllywardDbContext db, IFileStorage storage, CurrentUser currentUser, TimeProvider time,
    PartnerTimeline timeline, IHttpContextAccessor http, PartnerActivity activity)
{
    public const int MaxTextLength = 200_000;
    public const long MaxPdfBytes = 10 * 1024 * 1024;

    /// <summary>Partners in these stages are expected to hold the current agreements.</summary>
    private static readonly PartnerStage[] Contracted = [PartnerStage.Approved, PartnerStage.Onboarding, PartnerStage.Active];

    public async Task<Outcome<AgreementDto>> PublishTextAsync(PublishAgreementRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (string.IsNullOrWhiteSpace(request.Text)) errors.Add("text", "The agreement text is required.");
        if (errors.Any) return Outcome<AgreementDto>.Invalid(errors);
        var bytes = Encoding.UTF8.GetBytes(request.Text!);
        return await PublishAsync(request, AgreementFormat.Markdown, request.Text, null, bytes, cancellationToken);
    }

    public async Task<Outcome<AgreementDto>> PublishPdfAsync(PublishAgreementRequest request, IFormFile? file, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        byte[]? bytes = null;
        if (file is null || file.Length == 0) errors.Add("file", "Attach the agreement as a PDF.");
        else if (file.Length > MaxPdfBytes) errors.Add("file", "The PDF is larger than 10 MB.");
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
            if (FileTypes.Recognise(file.FileName, bytes, [FileTypes.Pdf]) is null) errors.Add("file", "The file is not a PDF.");
        }
        if (errors.Any) return Outcome<AgreementDto>.Invalid(errors);
        var key = await storage.SaveAsync(new MemoryStream(bytes!), cancellationToken);
        return await PublishAsync(request, AgreementFormat.Pdf, null, key, bytes!, cancellationToken);
    }

    private async Task<Outcome<AgreementDto>> PublishAsync(PublishAgreementRequest request, AgreementFormat format, string? text, string? key, byte[] bytes,
        CancellationToken cancellationToken)
    {
        var title = request.Title!.Trim();
        var previous = await db.AgreementVersions.Where(v => v.Title == title).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var version = new AgreementVersion
        {
            Title = title,
            PartnerType = request.PartnerType,
            Version = previous + 1,
            Format = format,
            Text = text,
            StorageKey = key,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            PublishedAt = time.GetUtcNow().UtcDateTime,
            PublishedByName = currentUser.Name,
            RequiresResign = request.RequiresResign && previous > 0,
            ResignDeadline = request.RequiresResign && previous > 0 ? request.ResignDeadline : null,
        };
        db.AgreementVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Outcome<AgreementDto>.Conflict("Another version of this agreement was published at the same moment. Try again.");
        }
        return ToDto(version);
    }

    private ValidationErrors Validate(PublishAgreementRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Title is not null && string.IsNullOrWhiteSpace(request.Title)) errors.Add("title", "The title is required.");
        if (request.RequiresResign && request.ResignDeadline is null) errors.Add("resignDeadline", "Say by when partners must sign again.");
        if (request.ResignDeadline is { } deadline && deadline <= time.GetUtcNow().UtcDateTime) errors.Add("resignDeadline", "The deadline must be in the future.");
        if (!request.RequiresResign && request.ResignDeadline is not null) errors.Add("resignDeadline", "A deadline only applies when partners must sign again.");
        return errors;
    }

    public Task<Paged<AgreementDto>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        db.AgreementVersions.AsNoTracking().OrderBy(v => v.Title).ThenByDescending(v => v.Version)
            .Select(v => new AgreementDto(v.Id, v.Title, v.PartnerType, v.Version, v.Format, v.Sha256, v.PublishedAt, v.PublishedByName, v.RequiresResign, v.ResignDeadline))
            .ToPageAsync(page, cancellationToken);

    public async Task<AgreementDto?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken) is { } v ? ToDto(v) : null;

    public async Task<Document?> DocumentAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        return version is null ? null : await DocumentOfAsync(version, cancellationToken);
    }

    /// <summary>The current version of every agreement that applies to the partner, and whether it has to sign.</summary>
    public async Task<Outcome<IReadOnlyList<PartnerAgreementStatus>>> ForPartnerAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null) return Outcome<IReadOnlyList<PartnerAgreementStatus>>.NotFound("No such partner.");
        var versions = await db.AgreementVersions.AsNoTracking()
            .Where(v => v.PartnerType == null || v.PartnerType == partner.Type).ToListAsync(cancellationToken);
        var signatures = await SignaturesQuery(s => s.PartnerId == partnerId).ToListAsync(cancellationToken);

        var result = new List<PartnerAgreementStatus>();
        foreach (var title in versions.GroupBy(v => v.Title))
        {
            var current = title.MaxBy(v => v.Version)!;
            var signedCurrent = signatures.FirstOrDefault(s => s.AgreementVersionId == current.Id);
            var signedEarlier = signatures.Where(s => s.Title == current.Title).MaxBy(s => s.Version);
            var mustSign = signedCurrent is null && (signedEarlier is null || current.RequiresResign);
            result.Add(new PartnerAgreementStatus(ToDto(current), signedCurrent ?? signedEarlier, mustSign,
                mustSign && signedEarlier is not null ? current.ResignDeadline : null));
        }
        return result.OrderBy(r => r.Current.Title).ToList();
    }

    public async Task<Outcome<SignatureDto>> SignAsync(Guid partnerId, Guid versionId, SignRequest request, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (partner is null || version is null || (version.PartnerType is { } type && type != partner.Type))
        {
            return Outcome<SignatureDto>.NotFound("No such agreement for this partner.");
        }
        if (ValidationErrors.Of(request) is { Any: true } errors) return Outcome<SignatureDto>.Invalid(errors);
        if (await db.AgreementVersions.AnyAsync(v => v.Title == version.Title && v.Version > version.Version, cancellationToken))
        {
            return Outcome<SignatureDto>.Conflict($"Version {version.Version} of \"{version.Title}\" is outdated; sign the current version.");
        }
        if (!string.Equals(request.DocumentSha256?.Trim(), version.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<SignatureDto>.Conflict("The document you agreed to is not the published text. Reload it and sign again.");
        }
        if (await db.AgreementSignatures.AnyAsync(s => s.PartnerId == partnerId && s.AgreementVersionId == versionId, cancellationToken))
        {
            return Outcome<SignatureDto>.Conflict("Your organization has already signed this version.");
        }
        if (partner.Stage is PartnerStage.Former or PartnerStage.Rejected)
        {
            return Outcome<SignatureDto>.Conflict($"A partner in stage {partner.Stage} cannot sign agreements.");
        }

        var request_ = http.HttpContext?.Request;
        var signature = new AgreementSignature
        {
            PartnerId = partnerId,
            AgreementVersionId = versionId,
            SignerId = currentUser.Id!.Value,
            SignerName = currentUser.Name,
            SignerEmail = currentUser.Principal.Identity?.Name ?? "",
            SignedAt = time.GetUtcNow().UtcDateTime,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = request_?.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 500)] : null,
            DocumentSha256 = version.Sha256,
        };
        db.AgreementSignatures.Add(signature);
        timeline.Record(partnerId, "agreement-signed", $"{signature.SignerName} signed \"{version.Title}\" version {version.Version}.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Outcome<SignatureDto>.Conflict("Your organization has already signed this version.");
        }
        await activity.ChangedAsync(partnerId, cancellationToken);
        return await SignaturesQuery(s => s.Id == signature.Id).SingleAsync(cancellationToken);
    }

    public async Task<Outcome<Paged<SignatureDto>>> SignaturesAsync(Guid partnerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<Paged<SignatureDto>>.NotFound("No such partner.");
        return await SignaturesQuery(s => s.PartnerId == partnerId).OrderByDescending(s => s.SignedAt).ToPageAsync(page, cancellationToken);
    }

    public async Task<Outcome<SignatureDto>> CounterSignAsync(Guid partnerId, Guid signatureId, CancellationToken cancellationToken = default)
    {
        var signature = await db.AgreementSignatures.SingleOrDefaultAsync(s => s.Id == signatureId && s.PartnerId == partnerId, cancellationToken);
        if (signature is null) return Outcome<SignatureDto>.NotFound("No such signature.");
        if (signature.CounterSignedAt is not null) return Outcome<SignatureDto>.Conflict("This signature is already counter-signed.");
        signature.CounterSignedAt = time.GetUtcNow().UtcDateTime;
        signature.CounterSignedById = currentUser.Id;
        signature.CounterSignedByName = currentUser.Name;
        await db.SaveChangesAsync(cancellationToken);
        return await SignaturesQuery(s => s.Id == signatureId).SingleAsync(cancellationToken);
    }

    /// <summary>An agreement's document, for a partner it applies to.</summary>
    public async Task<Document?> PartnerDocumentAsync(Guid partnerId, Guid versionId, CancellationToken cancellationToken = default)
    {
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (partner is null || version is null || (version.PartnerType is { } type && type != partner.Type)) return null;
        return await DocumentOfAsync(version, cancellationToken);
    }

    /// <summary>The exact document version a signature is for.</summary>
    public async Task<Document?> SignedDocumentAsync(Guid partnerId, Guid signatureId, CancellationToken cancellationToken = default)
    {
        var versionId = await db.AgreementSignatures.Where(s => s.Id == signatureId && s.PartnerId == partnerId)
            .Select(s => (Guid?)s.AgreementVersionId).SingleOrDefaultAsync(cancellationToken);
        return versionId is { } id ? await DocumentAsync(id, cancellationToken) : null;
    }

    /// <summary>Contracted partners that have not signed this version although they must.</summary>
    public async Task<Outcome<IReadOnlyList<PendingPartner>>> PendingAsync(Guid versionId, CancellationToken cancellationToken = default)
    {
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (version is null) return Outcome<IReadOnlyList<PendingPartner>>.NotFound("No such agreement.");
        var signedThis = db.AgreementSignatures.Where(s => s.AgreementVersionId == versionId).Select(s => s.PartnerId);
        var signedEarlier = from s in db.AgreementSignatures
                            join v in db.AgreementVersions on s.AgreementVersionId equals v.Id
                            where v.Title == version.Title && v.Version < version.Version
                            select s.PartnerId;
        var candidates = db.Partners.AsNoTracking()
            .Where(p => Contracted.Contains(p.Stage) && (version.PartnerType == null || p.Type == version.PartnerType) && !signedThis.Contains(p.Id));
        if (!version.RequiresResign) candidates = candidates.Where(p => !signedEarlier.Contains(p.Id));
        var overdue = version.ResignDeadline is { } deadline && deadline < time.GetUtcNow().UtcDateTime;
        return (await candidates.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Stage }).ToListAsync(cancellationToken))
            .Select(p => new PendingPartner(p.Id, p.Name, p.Stage, overdue)).ToList();
    }

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

    /// <summary>Signatures matching <paramref name="filter"/> (applied before the projection, so it translates to SQL).</summary>
    private IQueryable<SignatureDto> SignaturesQuery(System.Linq.Expressions.Expression<Func<AgreementSignature, bool>> filter) =>
        from s in db.AgreementSignatures.Where(filter)
        join v in db.AgreementVersions on s.AgreementVersionId equals v.Id
        select new SignatureDto(s.Id, s.PartnerId, s.AgreementVersionId, v.Title, v.Version, s.SignerName, s.SignerEmail, s.SignedAt,
            s.IpAddress, s.UserAgent, s.DocumentSha256, s.CounterSignedByName, s.CounterSignedAt);

    private static AgreementDto ToDto(AgreementVersion v) =>
        new(v.Id, v.Title, v.PartnerType, v.Version, v.Format, v.Sha256, v.PublishedAt, v.PublishedByName, v.RequiresResign, v.ResignDeadline);
}
