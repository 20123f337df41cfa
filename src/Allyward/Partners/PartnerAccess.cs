using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners;

/// <summary>
/// What a partner's users may do in each stage: a partner that has left (Former) or was turned down (Rejected) has no
/// access at all — no sign-in, no API token, no open page; a partner being offboarded may read but change nothing,
/// except what settling its affairs needs (<see cref="AllowedWhileReadOnlyAttribute"/>). The stage is cached like
/// configuration; a stage change empties the cache on every node.
/// </summary>
internal sealed class PartnerStageAccess(AllywardDbContext db, ConfigurationCache cache) : IPartnerAccessPolicy
{
    private sealed record StageOf(PartnerStage Stage);

    public static Access For(PartnerStage stage) => stage switch
    {
        PartnerStage.Former or PartnerStage.Rejected => Access.None,
        PartnerStage.Offboarding => Access.ReadOnly,
        _ => Access.Full,
    };

    public async Task<Access> AccessOfAsync(Guid partnerId, CancellationToken cancellationToken)
    {
        var found = await cache.FindAsync($"partner-stage|{partnerId}", ct => db.Partners.AsSystem().AsNoTracking()
            .Where(p => p.Id == partnerId).Select(p => new StageOf(p.Stage)).SingleOrDefaultAsync(ct), cancellationToken);
        return found is null ? Access.None : For(found.Stage);
    }
}
