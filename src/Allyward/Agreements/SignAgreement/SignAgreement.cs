using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.SignAgreement;

/// <summary>Where a partner stands with one agreement: the current version and whether it still has to sign.</summary>
public sealed record PartnerAgreementStatus(AgreementDto Current, SignatureDto? Signature, bool MustSign, DateTime? SignBy);

public sealed record SignRequest
{
    /// <summary>The SHA-256 of the document the signer was shown; it must be the current version's.</summary>
    [Required(ErrorMessage = "Send the SHA-256 of the document you agree to.")]
    public string? DocumentSha256 { get; init; }
}

/// <summary>The partner's side: which agreements apply and must be signed, and the click-through signature with its evidence.</summary>
public sealed class SignAgreementHandler(
    AllywardDbContext db, AgreementDocuments documents, CurrentUser currentUser, TimeProvider time,
    PartnerTimeline timeline, IHttpContextAccessor http, PartnerActivity activity)
{
    /// <summary>The current version of every agreement that applies to the partner, and whether it has to sign.</summary>
    public async Task<Outcome<IReadOnlyList<PartnerAgreementStatus>>> ForPartnerAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSummaries.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null) return Outcome<IReadOnlyList<PartnerAgreementStatus>>.NotFound("No such partner.");
        var versions = await db.AgreementVersions.AsNoTracking()
            .Where(v => v.PartnerType == null || v.PartnerType == partner.Type).ToListAsync(cancellationToken);
        var signatures = await documents.Signatures(s => s.PartnerId == partnerId).ToListAsync(cancellationToken);

        var result = new List<PartnerAgreementStatus>();
        foreach (var title in versions.GroupBy(v => v.Title))
        {
            var current = title.MaxBy(v => v.Version)!;
            var signedCurrent = signatures.FirstOrDefault(s => s.AgreementVersionId == current.Id);
            var signedEarlier = signatures.Where(s => s.Title == current.Title).MaxBy(s => s.Version);
            var mustSign = signedCurrent is null && (signedEarlier is null || current.RequiresResign);
            result.Add(new PartnerAgreementStatus(AgreementDto.Of(current), signedCurrent ?? signedEarlier, mustSign,
                mustSign && signedEarlier is not null ? current.ResignDeadline : null));
        }
        return result.OrderBy(r => r.Current.Title).ToList();
    }

    public async Task<Outcome<SignatureDto>> SignAsync(Guid partnerId, Guid versionId, SignRequest request, CancellationToken cancellationToken = default)
    {
        var partner = await db.PartnerSummaries.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (partner is null || version is null || !version.AppliesTo(partner.Type))
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
            return Outcome<SignatureDto>.Conflict($"A partner in stage {Labels.Of(partner.Stage)} cannot sign agreements.");
        }

        var httpRequest = http.HttpContext?.Request;
        var signature = new AgreementSignature
        {
            PartnerId = partnerId,
            AgreementVersionId = versionId,
            SignerId = currentUser.Id!.Value,
            SignerName = currentUser.Name,
            SignerEmail = currentUser.Principal.Identity?.Name ?? "",
            SignedAt = time.GetUtcNow().UtcDateTime,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = httpRequest?.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 500)] : null,
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
        return await documents.Signatures(s => s.Id == signature.Id).SingleAsync(cancellationToken);
    }
}

internal static class SignAgreementEndpoints
{
    public static void Map(RouteGroupBuilder partner, string[] viewers)
    {
        partner.MapGet("/agreements", async (Guid partnerId, [AsParameters] PageQuery paging, SignAgreementHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(async page => (await handler.ForPartnerAsync(partnerId, ct)).Map(all => all.ToPage(page))))
            .RequireAuthorization(Policies.AnyOf(viewers))
            .WithSummary("The agreements that apply to the partner and whether it must sign them");
        partner.MapGet("/agreements/{agreementId:guid}/document", async (Guid partnerId, Guid agreementId, AgreementDocuments documents, CancellationToken ct) =>
                await documents.PartnerDocumentAsync(partnerId, agreementId, ct) is { } document ? AgreementDocuments.Download(document) : ApiResults.NotFound("No such agreement."))
            .RequireAuthorization(Policies.AnyOf(viewers))
            .ProducesFile("text/markdown", "application/pdf")
            .WithSummary("Read an agreement that applies to the partner, before signing it");
        partner.MapPost("/agreements/{agreementId:guid}/signatures", async (Guid partnerId, Guid agreementId, SignRequest request, SignAgreementHandler handler, CancellationToken ct) =>
                (await handler.SignAsync(partnerId, agreementId, request, ct)).ToHttp(s => TypedResults.Created($"/api/v1/partners/{partnerId}/signatures/{s.Id}", s)))
            .RequireAuthorization(AgreementPermissions.Sign)
            .WithSummary("Sign an agreement version for the organization (click-through; evidence is recorded)");
    }
}
