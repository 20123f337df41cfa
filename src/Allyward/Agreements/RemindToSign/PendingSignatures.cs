using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.RemindToSign;

public sealed record PendingPartner(Guid PartnerId, string Name, PartnerStage Stage, bool Overdue);

/// <summary>How many partners were reminded.</summary>
public sealed record RemindedPartners(int Reminded);

/// <summary>The partners still to sign an agreement version.</summary>
public sealed class PendingSignatures(AllywardDbContext db, TimeProvider time)
{
    /// <summary>Partners in these stages are expected to hold the current agreements.</summary>
    private static readonly PartnerStage[] Contracted = [PartnerStage.Approved, PartnerStage.Onboarding, PartnerStage.Active];

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
        var candidates = db.PartnerSummaries
            .Where(p => Contracted.Contains(p.Stage) && (version.PartnerType == null || p.Type == version.PartnerType) && !signedThis.Contains(p.Id));
        if (!version.RequiresResign) candidates = candidates.Where(p => !signedEarlier.Contains(p.Id));
        var overdue = version.ResignDeadline is { } deadline && deadline < time.GetUtcNow().UtcDateTime;
        return (await candidates.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Stage }).ToListAsync(cancellationToken))
            .Select(p => new PendingPartner(p.Id, p.Name, p.Stage, overdue)).ToList();
    }
}

internal static class RemindToSignEndpoints
{
    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/{agreementId:guid}/pending", async (Guid agreementId, PendingSignatures pending, CancellationToken ct) =>
                (await pending.PendingAsync(agreementId, ct)).ToHttp(p => TypedResults.Ok(ItemList.Of(p))))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("Partners that still have to sign this version");
        agreements.MapPost("/{agreementId:guid}/reminders", async (Guid agreementId, SignatureReminders reminders, CancellationToken ct) =>
                (await reminders.RemindAsync(agreementId, ct)).ToHttp(count => TypedResults.Ok(new RemindedPartners(count))))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Remind partners that still have to sign (at most once a day each)");
    }
}
