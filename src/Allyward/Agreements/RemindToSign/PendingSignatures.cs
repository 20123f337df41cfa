using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.RemindToSign;

/// <summary>
/// A partner still to sign an agreement version; <paramref name="SignedEarlierVersion"/> tells one that signed an earlier
/// version of the same title (and must sign again) from one that never signed it.
/// </summary>
public sealed record PendingPartner(Guid PartnerId, string Name, PartnerStage Stage, bool Overdue, bool SignedEarlierVersion);

/// <summary>How many partners were reminded.</summary>
public sealed record RemindedPartners(int Reminded);

/// <summary>The partners still to sign an agreement version.</summary>
public sealed class PendingSignatures(AllywardDbContext db, TimeProvider time)
{
    /// <summary>Partners in these stages are expected to hold the current agreements.</summary>
    private static readonly PartnerStage[] Contracted = [PartnerStage.Approved, PartnerStage.Onboarding, PartnerStage.Active];

    /// <summary>Contracted partners that have not signed this version although they must, by name.</summary>
    public async Task<Outcome<Paged<PendingPartner>>> PendingAsync(Guid versionId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (version is null) return Outcome<Paged<PendingPartner>>.NotFound("No such agreement.");
        var overdue = IsOverdue(version);
        return await Project(version, overdue).ToPageAsync(page, cancellationToken);
    }

    /// <summary>How many partners are still to sign each version.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> CountsAsync(IEnumerable<Guid> versionIds, CancellationToken cancellationToken = default)
    {
        var ids = versionIds.ToList();
        var versions = await db.AgreementVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken);
        var counts = new Dictionary<Guid, int>();
        foreach (var version in versions) counts[version.Id] = await Pending(version).CountAsync(cancellationToken);
        return counts;
    }

    /// <summary>Every partner still to sign the version, for the reminders.</summary>
    public async Task<IReadOnlyList<PendingPartner>?> AllPendingAsync(Guid versionId, CancellationToken cancellationToken = default)
    {
        var version = await db.AgreementVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (version is null) return null;
        var overdue = IsOverdue(version);
        return await Project(version, overdue).ToListAsync(cancellationToken);
    }

    private bool IsOverdue(AgreementVersion version) => version.ResignDeadline is { } deadline && deadline < time.GetUtcNow().UtcDateTime;

    private IQueryable<PendingPartner> Project(AgreementVersion version, bool overdue)
    {
        var signedEarlier = SignedEarlier(version);
        return Pending(version).Select(p => new PendingPartner(p.Id, p.Name, p.Stage, overdue, signedEarlier.Contains(p.Id)));
    }

    private IQueryable<Guid> SignedEarlier(AgreementVersion version) =>
        from s in db.AgreementSignatures
        join v in db.AgreementVersions on s.AgreementVersionId equals v.Id
        where v.Title == version.Title && v.Version < version.Version
        select s.PartnerId;

    private IQueryable<PartnerSummary> Pending(AgreementVersion version)
    {
        var signedThis = db.AgreementSignatures.Where(s => s.AgreementVersionId == version.Id).Select(s => s.PartnerId);
        var signedEarlier = SignedEarlier(version);
        var candidates = db.PartnerSummaries
            .Where(p => Contracted.Contains(p.Stage) && (version.PartnerType == null || p.Type == version.PartnerType) && !signedThis.Contains(p.Id));
        if (!version.RequiresResign) candidates = candidates.Where(p => !signedEarlier.Contains(p.Id));
        return candidates.OrderBy(p => p.Name).ThenBy(p => p.Id);
    }
}

internal static class RemindToSignEndpoints
{
    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/{agreementId:guid}/pending", async (Guid agreementId, [AsParameters] PageQuery paging, PendingSignatures pending, CancellationToken ct) =>
                await paging.ToHttpAsync(page => pending.PendingAsync(agreementId, page, ct)))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("Partners that still have to sign this version");
        agreements.MapPost("/{agreementId:guid}/reminders", async (Guid agreementId, SignatureReminders reminders, CancellationToken ct) =>
                (await reminders.RemindAsync(agreementId, ct)).ToHttp(count => TypedResults.Ok(new RemindedPartners(count))))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Remind partners that still have to sign (at most once a day each)");
    }
}
