using System.Linq.Expressions;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.Contracts;

/// <summary>What other modules may know about a partner organization.</summary>
public sealed record PartnerSummary
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public PartnerType Type { get; init; }
    public string Country { get; init; } = "";
    public Region Region { get; init; }

    /// <summary>The corporate e-mail and web domain, lower case, without <c>www.</c>.</summary>
    public string? Domain { get; init; }

    /// <summary>The channel account manager who owns the relationship.</summary>
    public Guid? OwnerId { get; init; }

    public PartnerStage Stage { get; init; }
    public DateTime StageChangedAt { get; init; }
}

public sealed record PartnerWithManager(Guid Id, string Name, PartnerType Type, PartnerStage Stage, Guid? OwnerId, string? OwnerEmail);

/// <summary>
/// Partners as other modules read them: a query that composes with theirs (joins, filters, paging run in the
/// database) and that the partner isolation filter covers like any other.
/// </summary>
public static class PartnerDirectory
{
    private static readonly Expression<Func<Partner, PartnerSummary>> Projection = p => new PartnerSummary
    {
        Id = p.Id,
        Name = p.Name,
        Type = p.Type,
        Country = p.Country,
        Region = p.Region,
        Domain = p.Domain,
        OwnerId = p.OwnerId,
        Stage = p.Stage,
        StageChangedAt = p.StageChangedAt,
    };

    private static readonly Func<Partner, PartnerSummary> Summarize = Projection.Compile();

    internal static PartnerSummary SummaryOf(Partner partner) => Summarize(partner);

    private static readonly CompiledQuery<Func<AllywardDbContext, Guid, CancellationToken, Task<PartnerWithManager?>>> FindWithManager = new(() => EF.CompileAsyncQuery(
        (AllywardDbContext db, Guid partnerId, CancellationToken _) => db.Set<Partner>().IgnoreQueryFilters().AsNoTracking() // AsSystem: the caller checks the partner is its own
            .Where(p => p.Id == partnerId)
            .Select(p => new PartnerWithManager(p.Id, p.Name, p.Type, p.Stage, p.OwnerId,
                db.Users.Where(u => u.Id == p.OwnerId && u.IsActive).Select(u => u.Email).FirstOrDefault()))
            .SingleOrDefault()));

    /// <summary>
    /// One round trip for a partner and the address of its channel account manager, for work that tells the manager
    /// (a registered deal, a lead). The manager is vendor staff, whom partner isolation hides, so this reads as the
    /// system: the caller checks the partner is one it may act for. Immutable, so a cache may share it.
    /// </summary>
    public static Task<PartnerWithManager?> FindWithAccountManagerAsync(AllywardDbContext db, Guid partnerId, CancellationToken cancellationToken) =>
        FindWithManager.For(db)(db, partnerId, cancellationToken);

    extension(AllywardDbContext db)
    {
        public IQueryable<PartnerSummary> PartnerSummaries => db.Set<Partner>().Select(Projection);
    }
}
