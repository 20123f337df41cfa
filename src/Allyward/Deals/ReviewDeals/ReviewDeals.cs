using Allyward.Customers;
using Allyward.Partners;
using System.ComponentModel.DataAnnotations;
using Allyward.Deals.Conflicts;
using Allyward.Deals.RegisterDeal;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.ReviewDeals;

public sealed record DealFilter(DealStatus? Status = null, string? Search = null, Guid? PartnerId = null);

public sealed record DealListItem(Guid Id, Guid PartnerId, string CustomerName, string CustomerCountry, long Amount, string Currency,
    DateOnly ExpectedCloseDate, DealStatus Status, DateTime SubmittedAt, DateTime? ProtectedUntil);

public sealed record HistoryItem(DateTime At, string ActorName, string Action, string? Detail);

public sealed record DealDecision
{
    [StringLength(1000, ErrorMessage = "The reason is at most 1000 characters.")]
    public string? Reason { get; init; }
}

/// <summary>Lists, reads, approves and rejects deals; a partner sees only its own.</summary>
public sealed class ReviewDealsHandler(AllywardDbContext db, ConflictFinder conflicts, CurrentUser currentUser, TimeProvider time,
    DealSettingsHandler settings, Platform.Webhooks.WebhookPublisher webhooks, DealNotifications notifications)
{
    public async Task<Outcome<Paged<DealListItem>>> ListAsync(DealFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        page.Validate(errors);
        if (filter.Search is { Length: > 200 }) errors.Add("search", "The search text is at most 200 characters.");
        if (errors.Any) return Outcome<Paged<DealListItem>>.Invalid(errors);
        return await Query(filter).ToPageAsync(page, cancellationToken);
    }

    private IQueryable<DealListItem> Query(DealFilter filter)
    {
        var deals = db.Deals.AsNoTracking();
        if (filter.Status is { } status) deals = deals.Where(d => d.Status == status);
        if (filter.PartnerId is { } partnerId) deals = deals.Where(d => d.PartnerId == partnerId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            deals = deals.Where(d => d.CustomerName.ToLower().Contains(term));
        }
        return deals.OrderByDescending(d => d.SubmittedAt).ThenBy(d => d.Id)
            .Select(d => new DealListItem(d.Id, d.PartnerId, d.CustomerName, d.CustomerCountry, d.AmountMinor, d.Currency, d.ExpectedCloseDate,
                d.Status, d.SubmittedAt, d.ProtectedUntil));
    }

    public async Task<byte[]> ExportCsvAsync(DealFilter filter, CancellationToken cancellationToken = default)
    {
        var deals = await Query(filter).ToListAsync(cancellationToken);
        var partners = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return Platform.Csv.CsvWriter.Write(
            ["id", "partner", "customer", "country", "amount_minor", "currency", "expected_close", "status", "submitted_at", "protected_until"],
            deals.Select(d => new string?[]
            {
                d.Id.ToString(), partners.GetValueOrDefault(d.PartnerId), d.CustomerName, d.CustomerCountry, d.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.Currency, d.ExpectedCloseDate.ToString("yyyy-MM-dd"), d.Status.ToString(), d.SubmittedAt.ToString("O"), d.ProtectedUntil?.ToString("O"),
            }));
    }

    public async Task<DealDto?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null) return null;
        var found = currentUser.PartnerId is null ? await conflicts.FindAsync(deal.Identity, deal.Id, cancellationToken) : [];
        return DealDto.From(deal, found.Select(m => new ConflictMatch(m.Deal.Id, m.Reasons, CustomerMatcher.Score(m.Reasons))).ToList());
    }

    public sealed record ConflictingDeal(Guid Id, Guid PartnerId, string CustomerName, DateTime SubmittedAt, DealStatus Status, IReadOnlyList<MatchReason> Reasons);

    /// <summary>For vendor staff comparing registrations: the deals that conflict with this one, side by side.</summary>
    public async Task<IReadOnlyList<ConflictingDeal>> ConflictsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null || currentUser.PartnerId is not null) return [];
        return (await conflicts.FindAsync(deal.Identity, deal.Id, cancellationToken))
            .Select(m => new ConflictingDeal(m.Deal.Id, m.Deal.PartnerId, m.Deal.CustomerName, m.Deal.SubmittedAt, m.Deal.Status, m.Reasons)).ToList();
    }

    public async Task<Outcome<IReadOnlyList<HistoryItem>>> HistoryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (!await db.Deals.AnyAsync(d => d.Id == id, cancellationToken)) return Outcome<IReadOnlyList<HistoryItem>>.NotFound("No such deal.");
        return await db.DealHistory.Where(h => h.DealId == id).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new HistoryItem(h.At, h.ActorName, h.Action, h.Detail)).ToListAsync(cancellationToken);
    }

    public Task<Outcome<DealDto>> ApproveAsync(Guid id, DealDecision decision, CancellationToken cancellationToken = default) =>
        DecideAsync(id, decision, DealStatus.Approved, cancellationToken);

    public sealed record CloseRequest
    {
        /// <summary>Won or Lost.</summary>
        [Required(ErrorMessage = "Say whether the deal was won or lost.")]
        public DealStatus? Outcome { get; init; }

        [StringLength(1000, ErrorMessage = "The note is at most 1000 characters.")]
        public string? Note { get; init; }
    }

    /// <summary>Records the end of an approved deal: won or lost. The registering partner or vendor staff may do it.</summary>
    public async Task<Outcome<DealDto>> CloseAsync(Guid id, CloseRequest request, CancellationToken cancellationToken = default)
    {
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null) return Outcome<DealDto>.NotFound("No such deal.");
        var errors = ValidationErrors.Of(request);
        if (request.Outcome is { } outcome && outcome is not (DealStatus.Won or DealStatus.Lost)) errors.Add("outcome", "A deal closes as Won or Lost.");
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        if (deal.Close(request.Outcome!.Value) is { } refusal) return Outcome<DealDto>.Conflict(refusal, await GetAsync(id, cancellationToken));

        var now = time.GetUtcNow().UtcDateTime;
        await Conflicts.MatchKeys.UnfileAsync(db, deal, cancellationToken);
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = deal.Status.ToString().ToLowerInvariant(), Detail = request.Note?.Trim(),
        });
        if (deal.RegisteredById != currentUser.Id)
        {
            await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal {deal.Status.ToString().ToLowerInvariant()}: {deal.CustomerName}", request.Note, cancellationToken);
        }
        await webhooks.PublishAsync(deal.Status == DealStatus.Won ? DealWebhookEvents.Won : DealWebhookEvents.Lost,
            DealEvent.Of(deal), cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return await ChangedMeanwhileAsync(id, cancellationToken);
        return (await GetAsync(deal.Id, cancellationToken))!;
    }

    /// <summary>Someone else changed the deal between our read and our save: nothing of ours was saved.</summary>
    private async Task<Outcome<DealDto>> ChangedMeanwhileAsync(Guid id, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        return Outcome<DealDto>.Conflict($"Someone else changed this deal at the same moment; it is now {current?.Status}. Nothing was changed.", current);
    }

    public sealed record BulkApproval
    {
        [Required(ErrorMessage = "List the deals to approve."), MinLength(1, ErrorMessage = "List at least one deal."), MaxLength(100, ErrorMessage = "Approve at most 100 deals at once.")]
        public List<Guid>? DealIds { get; init; }
    }

    public sealed record BulkResult(Guid DealId, bool Approved, string? Problem);

    public sealed record BulkResults(IReadOnlyList<BulkResult> Results);

    /// <summary>Approves several deals; each succeeds or fails on its own, and the answer says which.</summary>
    public async Task<Outcome<IReadOnlyList<BulkResult>>> ApproveManyAsync(BulkApproval request, CancellationToken cancellationToken = default)
    {
        if (ValidationErrors.Of(request) is { Any: true } errors) return Outcome<IReadOnlyList<BulkResult>>.Invalid(errors);
        var results = new List<BulkResult>();
        foreach (var id in request.DealIds!.Distinct())
        {
            var outcome = await ApproveAsync(id, new DealDecision(), cancellationToken);
            results.Add(new BulkResult(id, outcome.Succeeded, outcome.Succeeded ? null : outcome.Message ?? outcome.Describe()));
            db.ChangeTracker.Clear();
        }
        return results;
    }

    public Task<Outcome<DealDto>> RejectAsync(Guid id, DealDecision decision, CancellationToken cancellationToken = default) =>
        DecideAsync(id, decision, DealStatus.Rejected, cancellationToken);

    private async Task<Outcome<DealDto>> DecideAsync(Guid id, DealDecision decision, DealStatus to, CancellationToken cancellationToken)
    {
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null) return Outcome<DealDto>.NotFound("No such deal.");
        var errors = ValidationErrors.Of(decision);
        if (to == DealStatus.Rejected && string.IsNullOrWhiteSpace(decision.Reason)) errors.Add("reason", "Say why the deal is rejected; the partner is told.");
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        var now = time.GetUtcNow().UtcDateTime;
        string? refusal;
        if (to == DealStatus.Approved)
        {
            var partnerType = await db.Partners.Where(p => p.Id == deal.PartnerId).Select(p => p.Type).SingleAsync(cancellationToken);
            var protectedUntil = now.AddDays((await settings.CurrentAsync(cancellationToken)).ProtectionDaysFor(partnerType));
            refusal = deal.Approve(now, currentUser.Name, protectedUntil, decision.Reason?.Trim());
        }
        else
        {
            refusal = deal.Reject(now, currentUser.Name, decision.Reason!.Trim());
            if (refusal is null) await Conflicts.MatchKeys.UnfileAsync(db, deal, cancellationToken);
        }
        if (refusal is not null) return Outcome<DealDto>.Conflict(refusal, await GetAsync(id, cancellationToken));
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = to.ToString().ToLowerInvariant(),
            Detail = to == DealStatus.Approved ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : deal.DecisionReason,
        });
        await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal {to.ToString().ToLowerInvariant()}: {deal.CustomerName}",
            to == DealStatus.Approved ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : deal.DecisionReason, cancellationToken);
        await webhooks.PublishAsync(to == DealStatus.Approved ? DealWebhookEvents.Approved : DealWebhookEvents.Rejected,
            DealEvent.Of(deal), cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return await ChangedMeanwhileAsync(id, cancellationToken);
        return (await GetAsync(deal.Id, cancellationToken))!;
    }
}
