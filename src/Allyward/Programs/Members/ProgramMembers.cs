using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Allyward.Programs.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.Members;

public sealed record MemberFilter(Guid? TierId = null, bool? AtRisk = null, bool? CloseToPromotion = null);

public sealed record MemberItem(Guid PartnerId, string Partner, PartnerType PartnerType, Guid TierId, string Tier, int Rank, DateTime Since,
    int NextTierProgress, DateTime? MeasuredAt, DateTime? AtRiskSince, DateTime? GraceEndsAt);

public sealed record SetTierRequest
{
    [Required(ErrorMessage = "Choose the tier.")]
    public Guid? TierId { get; init; }

    [Required(ErrorMessage = "Say why the tier is set by hand; the partner is told."), MaxLength(1000, ErrorMessage = "The reason is at most 1,000 characters.")]
    public string? Reason { get; init; }
}

public sealed record ProposalFilter(Guid? ProgramId = null, ProposalStatus? Status = null, Guid? PartnerId = null);

public sealed record ProposalItem(Guid Id, Guid ProgramId, string Program, Guid PartnerId, string Partner, ProposalKind Kind, string FromTier, string ToTier,
    ProposalStatus Status, DateTime CreatedAt, DateTime? DecidedAt, string? DecidedBy, string? DecisionNote, RequirementResults Evidence, int Version);

public sealed record ProposalDecision
{
    [Required(ErrorMessage = "Say whether the promotion is approved.")]
    public bool? Approve { get; init; }

    [MaxLength(1000, ErrorMessage = "The note is at most 1,000 characters.")]
    public string? Note { get; init; }
}

/// <summary>A membership joined with its partner and tier, for lists sorted and filtered in the database.</summary>
public sealed class MemberRow
{
    public Guid Id { get; init; }
    public Guid ProgramId { get; init; }
    public Guid PartnerId { get; init; }
    public string Partner { get; init; } = "";
    public PartnerType PartnerType { get; init; }
    public Guid TierId { get; init; }
    public string Tier { get; init; } = "";
    public int Rank { get; init; }
    public DateTime Since { get; init; }
    public int NextTierProgress { get; init; }
    public DateTime? MeasuredAt { get; init; }
    public DateTime? AtRiskSince { get; init; }
    public DateTime? GraceEndsAt { get; init; }
}

/// <summary>A program's members, their tiers set by hand, and the promotions waiting for a decision.</summary>
public sealed class ProgramMembers(AllywardDbContext db, TimeProvider time, CurrentUser currentUser, TierChanges changes)
{
    /// <summary>A member at least this far (percent) toward the tier above counts as close to promotion.</summary>
    public const int CloseToPromotion = 75;

    private static readonly ListShape<MemberRow, MemberItem> Members = new ListShape<MemberRow, MemberItem>(
            m => m.Id,
            m => new MemberItem(m.PartnerId, m.Partner, m.PartnerType, m.TierId, m.Tier, m.Rank, m.Since, m.NextTierProgress, m.MeasuredAt, m.AtRiskSince, m.GraceEndsAt),
            defaultSort: "partner")
        .SortBy("partner", m => m.Partner)
        .SortBy("tier", m => m.Rank)
        .SortBy("progress", m => m.NextTierProgress)
        .SortBy("since", m => m.Since)
        .SortBy("graceEndsAt", m => m.GraceEndsAt)
        .Column("partner_id", m => m.PartnerId.ToString())
        .Column("partner", m => m.Partner)
        .Column("partner_type", m => m.PartnerType.ToString())
        .Column("tier", m => m.Tier)
        .Column("since", m => m.Since.ToString("O"))
        .Column("next_tier_progress", m => m.NextTierProgress.ToString(CultureInfo.InvariantCulture))
        .Column("measured_at", m => m.MeasuredAt?.ToString("O"))
        .Column("at_risk_since", m => m.AtRiskSince?.ToString("O"))
        .Column("grace_ends_at", m => m.GraceEndsAt?.ToString("O"));

    private static readonly ListShape<TierProposal, ProposalItem> Proposals = new ListShape<TierProposal, ProposalItem>(
            p => p.Id,
            p => new ProposalItem(p.Id, p.ProgramId, "", p.PartnerId, "", p.Kind, p.FromTier, p.ToTier, p.Status, p.CreatedAt, p.DecidedAt, p.DecidedBy,
                p.DecisionNote, p.Evidence, p.Version),
            defaultSort: "createdAt")
        .SortBy("createdAt", p => p.CreatedAt)
        .SortBy("status", p => p.Status)
        .Column("id", p => p.Id.ToString())
        .Column("program", p => p.Program)
        .Column("partner_id", p => p.PartnerId.ToString())
        .Column("partner", p => p.Partner)
        .Column("kind", p => p.Kind.ToString())
        .Column("from_tier", p => p.FromTier)
        .Column("to_tier", p => p.ToTier)
        .Column("status", p => p.Status.ToString())
        .Column("created_at", p => p.CreatedAt.ToString("O"))
        .Column("decided_at", p => p.DecidedAt?.ToString("O"))
        .Column("decided_by", p => p.DecidedBy)
        .Column("evidence", p => string.Join("; ", p.Evidence.Items.Select(r => $"{r.Label}: {r.Value}/{r.Target}")));

    public async Task<Outcome<Paged<MemberItem>>> ListAsync(Guid programId, MemberFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        await db.Programs.AnyAsync(p => p.Id == programId, cancellationToken)
            ? await Members.PageAsync(MemberRows(programId, filter, query), query, cancellationToken)
            : Outcome<Paged<MemberItem>>.NotFound("No such program.");

    public async Task<Outcome<byte[]>> ExportCsvAsync(Guid programId, MemberFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        await db.Programs.AnyAsync(p => p.Id == programId, cancellationToken)
            ? await Members.CsvAsync(MemberRows(programId, filter, query), query, cancellationToken)
            : Outcome<byte[]>.NotFound("No such program.");

    private IQueryable<MemberRow> MemberRows(Guid programId, MemberFilter filter, ListQuery query)
    {
        var rows = from m in db.ProgramMemberships.AsNoTracking()
                   where m.ProgramId == programId
                   join p in db.PartnerSummaries on m.PartnerId equals p.Id
                   join t in db.Tiers on m.TierId equals t.Id
                   select new MemberRow
                   {
                       Id = m.Id, ProgramId = m.ProgramId, PartnerId = m.PartnerId, Partner = p.Name, PartnerType = p.Type, TierId = m.TierId, Tier = t.Name,
                       Rank = t.Rank, Since = m.Since, NextTierProgress = m.NextTierProgress, MeasuredAt = m.MeasuredAt, AtRiskSince = m.AtRiskSince, GraceEndsAt = m.GraceEndsAt,
                   };
        if (filter.TierId is { } tierId) rows = rows.Where(r => r.TierId == tierId);
        if (filter.AtRisk is { } atRisk) rows = rows.Where(r => (r.AtRiskSince != null) == atRisk);
        if (filter.CloseToPromotion == true) rows = rows.Where(r => r.NextTierProgress >= CloseToPromotion && r.NextTierProgress < 100 && r.AtRiskSince == null);
        if (query.SearchText is { } search) rows = rows.Where(r => r.Partner.Contains(search));
        return rows;
    }

    /// <summary>Puts a partner in a tier by hand (joining it to the program if need be), with the reason it is told.</summary>
    public async Task<Outcome<MemberItem>> SetTierAsync(Guid programId, Guid partnerId, SetTierRequest request, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        var partner = await db.PartnerSummaries.Where(p => p.Id == partnerId)
            .Select(p => new PartnerWithManager(p.Id, p.Name, p.Type, p.Stage, p.OwnerId, null)).SingleOrDefaultAsync(cancellationToken);
        if (program is null || partner is null) return Outcome<MemberItem>.NotFound("No such program or partner.");
        var errors = ValidationErrors.Of(request);
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == programId).ToListAsync(cancellationToken);
        var to = tiers.SingleOrDefault(t => t.Id == request.TierId);
        if (request.TierId is not null && to is null) errors.Add("tierId", "Choose one of the program's tiers.");
        if (errors.Any) return Outcome<MemberItem>.Invalid(errors);

        var now = time.GetUtcNow().UtcDateTime;
        var membership = await db.ProgramMemberships.SingleOrDefaultAsync(m => m.ProgramId == programId && m.PartnerId == partnerId, cancellationToken);
        var from = membership is null ? null : tiers.SingleOrDefault(t => t.Id == membership.TierId);
        if (membership is null)
        {
            membership = ProgramMembership.Join(programId, partnerId, to!.Id, now);
            db.ProgramMemberships.Add(membership);
        }
        else if (membership.TierId == to!.Id) return Outcome<MemberItem>.Conflict($"{partner.Name} is in {to.Name} already.");
        foreach (var pending in await db.TierProposals.Where(p => p.ProgramId == programId && p.PartnerId == partnerId && p.Status == ProposalStatus.Pending).ToListAsync(cancellationToken))
            pending.Supersede(now);
        changes.Record(program, partner, membership, from, to!, now, request.Reason!.Trim(), currentUser.Name, new RequirementResults());
        await changes.AnnounceAsync(cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<MemberItem>.Conflict("The partner's tier changed meanwhile; reload and try again.");
        return new MemberItem(partnerId, partner.Name, partner.Type, to!.Id, to.Name, to.Rank, membership.Since, membership.NextTierProgress, membership.MeasuredAt, null, null);
    }

    public Task<Outcome<Paged<ProposalItem>>> ProposalsAsync(ProposalFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Proposals.PageAsync(ProposalRows(filter), query, cancellationToken, items => NamedAsync(items, cancellationToken));

    public Task<Outcome<byte[]>> ProposalsCsvAsync(ProposalFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Proposals.CsvAsync(ProposalRows(filter), query, cancellationToken, items => NamedAsync(items, cancellationToken));

    private IQueryable<TierProposal> ProposalRows(ProposalFilter filter)
    {
        var rows = db.TierProposals.AsNoTracking();
        if (filter.ProgramId is { } programId) rows = rows.Where(p => p.ProgramId == programId);
        if (filter.Status is { } status) rows = rows.Where(p => p.Status == status);
        if (filter.PartnerId is { } partnerId) rows = rows.Where(p => p.PartnerId == partnerId);
        return rows;
    }

    private async Task<IReadOnlyList<ProposalItem>> NamedAsync(IReadOnlyList<ProposalItem> rows, CancellationToken cancellationToken)
    {
        var partnerIds = rows.Select(r => r.PartnerId).Distinct().ToList();
        var partners = await db.PartnerSummaries.Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var programs = await db.Programs.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return [.. rows.Select(r => r with { Program = programs.GetValueOrDefault(r.ProgramId, ""), Partner = partners.GetValueOrDefault(r.PartnerId, "") })];
    }

    /// <summary>Approves a promotion (the partner moves up at once) or rejects it (it stays, and a later evaluation may propose again).</summary>
    public async Task<Outcome<ProposalItem>> DecideAsync(Guid proposalId, ProposalDecision decision, CancellationToken cancellationToken = default)
    {
        var proposal = await db.TierProposals.SingleOrDefaultAsync(p => p.Id == proposalId, cancellationToken);
        if (proposal is null) return Outcome<ProposalItem>.NotFound("No such proposal.");
        var errors = ValidationErrors.Of(decision);
        if (decision.Approve == false && string.IsNullOrWhiteSpace(decision.Note)) errors.Add("note", "Say why the promotion is rejected.");
        if (errors.Any) return Outcome<ProposalItem>.Invalid(errors);
        var now = time.GetUtcNow().UtcDateTime;
        if (proposal.Decide(decision.Approve!.Value, now, currentUser.Name, decision.Note?.Trim()) is { } refusal)
            return Outcome<ProposalItem>.Conflict(refusal, (await NamedAsync([Row(proposal)], cancellationToken))[0]);
        if (decision.Approve == true)
        {
            var program = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == proposal.ProgramId, cancellationToken);
            var membership = await db.ProgramMemberships.SingleAsync(m => m.ProgramId == proposal.ProgramId && m.PartnerId == proposal.PartnerId, cancellationToken);
            var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == proposal.ProgramId).ToDictionaryAsync(t => t.Id, cancellationToken);
            if (membership.TierId != proposal.FromTierId || !tiers.TryGetValue(proposal.ToTierId, out var to))
                return Outcome<ProposalItem>.Conflict("The partner's tier changed since the proposal; run the evaluation again.");
            var partner = await db.PartnerSummaries.Where(p => p.Id == proposal.PartnerId)
                .Select(p => new PartnerWithManager(p.Id, p.Name, p.Type, p.Stage, p.OwnerId, null)).SingleAsync(cancellationToken);
            var reason = $"Met the requirements of {to.Name}; promotion approved by {currentUser.Name}." + (string.IsNullOrWhiteSpace(decision.Note) ? "" : $" {decision.Note.Trim()}");
            changes.Record(program, partner, membership, tiers[proposal.FromTierId], to, now, reason, currentUser.Name, proposal.Evidence);
            await changes.AnnounceAsync(cancellationToken);
        }
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<ProposalItem>.Conflict("The proposal was decided meanwhile; reload to see how.");
        return (await NamedAsync([Row(proposal)], cancellationToken))[0];
    }

    private static ProposalItem Row(TierProposal p) => new(p.Id, p.ProgramId, "", p.PartnerId, "", p.Kind, p.FromTier, p.ToTier, p.Status, p.CreatedAt,
        p.DecidedAt, p.DecidedBy, p.DecisionNote, p.Evidence, p.Version);

    public async Task<Outcome<Paged<EvaluationSummary>>> EvaluationsAsync(Guid programId, ListQuery query, CancellationToken cancellationToken = default)
    {
        if (!await db.Programs.AnyAsync(p => p.Id == programId, cancellationToken)) return Outcome<Paged<EvaluationSummary>>.NotFound("No such program.");
        var runs = await db.TierEvaluations.AsNoTracking().Where(e => e.ProgramId == programId).OrderByDescending(e => e.StartedAt).Take(200).ToListAsync(cancellationToken);
        return runs.Select(EvaluationSummary.Of).ToList().ToPage(query);
    }
}
