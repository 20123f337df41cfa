using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Partners.Contracts;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.ReviewSignatures;

/// <summary>A partner's signatures with their evidence, and the vendor's counter-signature.</summary>
public sealed class ReviewSignaturesHandler(AllywardDbContext db, AgreementDocuments documents, CurrentUser currentUser, TimeProvider time)
{
    public async Task<Outcome<Paged<SignatureDto>>> ListAsync(Guid partnerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.PartnerSummaries.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<Paged<SignatureDto>>.NotFound("No such partner.");
        return await documents.Signatures(s => s.PartnerId == partnerId).ToPageAsync(page, cancellationToken);
    }

    public async Task<Outcome<SignatureDto>> CounterSignAsync(Guid partnerId, Guid signatureId, CancellationToken cancellationToken = default)
    {
        var signature = await db.AgreementSignatures.SingleOrDefaultAsync(s => s.Id == signatureId && s.PartnerId == partnerId, cancellationToken);
        if (signature is null) return Outcome<SignatureDto>.NotFound("No such signature.");
        if (signature.CounterSign(currentUser.Id, currentUser.Name, time.GetUtcNow().UtcDateTime) is { } refusal) return Outcome<SignatureDto>.Conflict(refusal);
        await db.SaveChangesAsync(cancellationToken);
        return await documents.Signatures(s => s.Id == signatureId).SingleAsync(cancellationToken);
    }
}

internal static class ReviewSignaturesEndpoints
{
    public static void Map(RouteGroupBuilder partner, string[] viewers)
    {
        partner.MapGet("/signatures", async (Guid partnerId, [AsParameters] PageQuery paging, ReviewSignaturesHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(partnerId, page, ct)))
            .RequireAuthorization(Policies.AnyOf(viewers))
            .WithSummary("The partner's signatures with their evidence");
        partner.MapGet("/signatures/{signatureId:guid}/document", async (Guid partnerId, Guid signatureId, AgreementDocuments documents, CancellationToken ct) =>
                await documents.SignedDocumentAsync(partnerId, signatureId, ct) is { } document ? AgreementDocuments.Download(document) : ApiResults.NotFound("No such signature."))
            .RequireAuthorization(Policies.AnyOf(viewers))
            .ProducesFile("text/markdown", "application/pdf")
            .WithSummary("Download exactly what was signed");
        partner.MapPost("/signatures/{signatureId:guid}/countersign", async (Guid partnerId, Guid signatureId, ReviewSignaturesHandler handler, CancellationToken ct) =>
                (await handler.CounterSignAsync(partnerId, signatureId, ct)).ToHttp())
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Counter-sign a partner's signature for the vendor");
    }
}
