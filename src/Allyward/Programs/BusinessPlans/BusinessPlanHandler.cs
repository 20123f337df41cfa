using System.Globalization;
using Allyward.Learning.Contracts;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Programs.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.BusinessPlans;

/// <summary>
/// Joint business plans: vendor staff (<see cref="ProgramPermissions.PlanForVendor"/>) write plans, goals and every
/// action; a partner's admins (<see cref="ProgramPermissions.PlanForPartner"/>) write their own side's actions and
/// choose their owner, and read the rest. Every change is written to the plan's history in the same save.
/// </summary>
public sealed class BusinessPlanHandler(AllywardDbContext db, CurrentUser currentUser, TimeProvider time, PartnerMetrics metrics, Outbox outbox)
{
    private const int HistoryShown = 200;

    /// <summary>A plan with its partner's name, joined in the database (members, so EF can sort on them).</summary>
    private sealed record Row
    {
        public required BusinessPlan Plan { get; init; }
        public required string PartnerName { get; init; }
    }

    private static readonly ListShape<Row, PlanListItem> Shape = new ListShape<Row, PlanListItem>(
            r => r.Plan.Id,
            r => new PlanListItem(r.Plan.Id, r.Plan.PartnerId, r.PartnerName, r.Plan.Title, r.Plan.PeriodKind, r.Plan.Year, r.Plan.Quarter,
                r.Plan.PeriodStart, r.Plan.PeriodEnd, r.Plan.Currency, r.Plan.Status, r.Plan.VendorOwnerName, r.Plan.PartnerOwnerName),
            defaultSort: "-periodStart")
        .SortBy("periodStart", r => r.Plan.PeriodStart)
        .SortBy("partner", r => r.PartnerName)
        .SortBy("title", r => r.Plan.Title)
        .SortBy("status", r => r.Plan.Status)
        .Column("id", p => p.Id.ToString())
        .Column("partner", p => p.PartnerName)
        .Column("title", p => p.Title)
        .Column("period", p => p.Period)
        .Column("period_kind", p => p.PeriodKind.ToString())
        .Column("period_start", p => p.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        .Column("period_end", p => p.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        .Column("currency", p => p.Currency)
        .Column("status", p => p.Status.ToString())
        .Column("vendor_owner", p => p.VendorOwnerName)
        .Column("partner_owner", p => p.PartnerOwnerName);

    /// <summary>Plans, latest period first unless sorted otherwise; a partner user sees its own organization's.</summary>
    public Task<Outcome<Paged<PlanListItem>>> ListAsync(PlanListQuery query, CancellationToken cancellationToken = default) =>
        Shape.PageAsync(Rows(query), query.List, cancellationToken);

    public Task<Outcome<byte[]>> ExportCsvAsync(PlanListQuery query, CancellationToken cancellationToken = default) =>
        Shape.CsvAsync(Rows(query), query.List, cancellationToken);

    private IQueryable<Row> Rows(PlanListQuery query)
    {
        var plans = db.BusinessPlans.AsNoTracking();
        if (query.PartnerId is { } partnerId) plans = plans.Where(p => p.PartnerId == partnerId);
        if (query.Year is { } year) plans = plans.Where(p => p.Year == year);
        if (query.Status is { } status) plans = plans.Where(p => p.Status == status);
        var rows = from p in plans
                   join partner in db.PartnerSummaries on p.PartnerId equals partner.Id
                   select new Row { Plan = p, PartnerName = partner.Name };
        if (query.List.SearchText is { } search)
        {
            var term = search.ToLower();
            rows = rows.Where(r => r.Plan.Title.ToLower().Contains(term) || r.PartnerName.ToLower().Contains(term));
        }
        return rows;
    }

    /// <summary>One plan with its goals' progress, its actions and its latest history.</summary>
    public async Task<Outcome<PlanDetail>> GetAsync(Guid planId, CancellationToken cancellationToken = default)
    {
        var plan = await db.BusinessPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        return plan is null ? Outcome<PlanDetail>.NotFound("No such business plan.") : await DetailAsync(plan, cancellationToken);
    }

    private async Task<PlanDetail> DetailAsync(BusinessPlan plan, CancellationToken cancellationToken)
    {
        var today = Today;
        var partnerName = await db.PartnerSummaries.Where(p => p.Id == plan.PartnerId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken) ?? "";
        var goals = await db.PlanGoals.AsNoTracking().Where(g => g.PlanId == plan.Id).OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        var actions = await db.PlanActions.AsNoTracking().Where(a => a.PlanId == plan.Id).OrderBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var history = await db.PlanHistory.AsNoTracking().Where(h => h.PlanId == plan.Id).OrderByDescending(h => h.At).ThenByDescending(h => h.Id)
            .Take(HistoryShown).Select(h => new PlanHistoryItem(h.At, h.By, h.What)).ToListAsync(cancellationToken);

        var requests = goals.Select(g => (Goal: g, Request: RequestFor(g, plan, today))).ToList();
        var measured = requests.Where(r => r.Request is not null).Select(r => r.Request!).ToList();
        var values = measured.Count == 0 ? null : await metrics.ComputeAsync(measured, plan.Currency, new List<Guid> { plan.PartnerId }, cancellationToken);
        var progress = requests.Select(r =>
        {
            var actual = r.Request is { } request ? values!.Get(plan.PartnerId, request) : r.Goal.ManualActual ?? 0;
            return new GoalProgress(r.Goal.Id, r.Goal.Kind, r.Goal.Title, r.Goal.Target, actual, Percent(actual, r.Goal.Target), r.Request is null,
                r.Goal.CertificationId, r.Goal.KpiId, r.Goal.ManualActual, r.Goal.Side, r.Goal.OwnerName);
        }).ToList();
        return new PlanDetail(plan.Id, plan.PartnerId, partnerName, plan.Title, plan.PeriodKind, plan.Year, plan.Quarter, plan.PeriodLabel, plan.PeriodStart, plan.PeriodEnd,
            plan.Currency, plan.Status, plan.VendorOwnerId, plan.VendorOwnerName, plan.PartnerOwnerId, plan.PartnerOwnerName, plan.CreatedAt, plan.Version, progress,
            actions.Select(a => Item(a, today)).ToList(), history, values?.CurrenciesWithoutRate ?? []);
    }

    /// <summary>
    /// What the partner metrics measure for a goal, over the plan's period (the same measures tiers are judged by);
    /// null when its actual is entered by hand. Certified people are counted as of today while the period runs.
    /// </summary>
    public static MetricRequest? RequestFor(PlanGoal goal, BusinessPlan plan, DateOnly today) => goal.Kind switch
    {
        GoalKind.Revenue => new MetricRequest(RequirementKind.WonRevenue, plan.PeriodStart, plan.PeriodEnd),
        GoalKind.Deals => new MetricRequest(RequirementKind.WonDeals, plan.PeriodStart, plan.PeriodEnd),
        GoalKind.CertifiedPeople => new MetricRequest(RequirementKind.CertifiedPeople, plan.PeriodStart,
            today < plan.PeriodStart ? plan.PeriodStart : today > plan.PeriodEnd ? plan.PeriodEnd : today, CertificationId: goal.CertificationId),
        GoalKind.Custom when goal.KpiId is { } kpi => new MetricRequest(RequirementKind.CustomKpi, plan.PeriodStart, plan.PeriodEnd, KpiId: kpi),
        _ => null,
    };

    public static int Percent(long actual, long target) =>
        target <= 0 ? 100 : (int)Math.Min(actual / (decimal)target * 100m, 100_000m);

    private static PlanActionItem Item(PlanAction a, DateOnly today) =>
        new(a.Id, a.GoalId, a.Title, a.Side, a.OwnerName, a.DueOn, a.Status, a.IsOverdue(today), a.CreatedAt, a.CompletedAt, a.Version);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Creates a plan (vendor staff): one per partner and period.</summary>
    public async Task<Outcome<PlanDetail>> CreateAsync(PlanRequest request, CancellationToken cancellationToken = default)
    {
        if (currentUser.IsPartnerUser) return Outcome<PlanDetail>.NotFound("No such resource.");
        var errors = ValidationErrors.Of(request);
        if (request.PeriodKind == PlanPeriodKind.Quarter && request.Quarter is null) errors.Add("quarter", "Choose the quarter (1 to 4).");
        if (request.PeriodKind == PlanPeriodKind.Year && request.Quarter is not null) errors.Add("quarter", "A year's plan has no quarter.");
        CheckCurrency(request.Currency, errors);
        string? partnerName = null;
        if (request.PartnerId is { } partnerId)
        {
            partnerName = await db.PartnerSummaries.Where(p => p.Id == partnerId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
            if (partnerName is null) errors.Add("partnerId", "No such partner.");
        }
        var vendorOwner = await VendorOwnerAsync(request.VendorOwnerId ?? currentUser.Id, errors, cancellationToken);
        var partnerOwner = request.PartnerId is { } pid ? await PartnerOwnerAsync(request.PartnerOwnerId, pid, errors, cancellationToken) : null;
        if (request.Status == PlanStatus.Closed) errors.Add("status", "A new plan is a draft or active.");
        if (errors.Any) return Outcome<PlanDetail>.Invalid(errors);

        var plan = BusinessPlan.Start(request.PartnerId!.Value, request.Title!.Trim(), request.PeriodKind!.Value, request.Year!.Value, request.Quarter,
            request.Currency!.Trim().ToUpperInvariant(), request.Status ?? PlanStatus.Draft, Now);
        if (await db.BusinessPlans.AnyAsync(p => p.PartnerId == plan.PartnerId && p.PeriodKind == plan.PeriodKind && p.PeriodStart == plan.PeriodStart, cancellationToken))
        {
            return Outcome<PlanDetail>.Conflict($"{partnerName} has a plan for {plan.PeriodLabel} already.");
        }
        (plan.VendorOwnerId, plan.VendorOwnerName) = (vendorOwner?.Id, vendorOwner?.Name ?? "");
        (plan.PartnerOwnerId, plan.PartnerOwnerName) = (partnerOwner?.Id, partnerOwner?.Name ?? "");
        db.BusinessPlans.Add(plan);
        Record(plan, $"Plan \"{plan.Title}\" created for {plan.PeriodLabel} in {plan.Currency} ({plan.Status.Label().ToLowerInvariant()}).");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException lost) when (LostRaces.IsLostRace(lost))
        {
            db.ChangeTracker.Clear();
            return Outcome<PlanDetail>.Conflict($"{partnerName} has a plan for {plan.PeriodLabel} already.");
        }
        return await DetailAsync(plan, cancellationToken);
    }

    /// <summary>Changes a plan's title, currency, status and owners (vendor staff).</summary>
    public async Task<Outcome<PlanDetail>> UpdateAsync(Guid planId, PlanUpdateRequest request, CancellationToken cancellationToken = default)
    {
        if (currentUser.IsPartnerUser) return Outcome<PlanDetail>.NotFound("No such resource.");
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null) return Outcome<PlanDetail>.NotFound("No such business plan.");
        var errors = ValidationErrors.Of(request);
        CheckCurrency(request.Currency, errors);
        var vendorOwner = await VendorOwnerAsync(request.VendorOwnerId, errors, cancellationToken);
        var partnerOwner = await PartnerOwnerAsync(request.PartnerOwnerId, plan.PartnerId, errors, cancellationToken);
        if (request.Status is { } status && status != plan.Status && status == PlanStatus.Draft) errors.Add("status", "A plan that was activated or closed does not go back to draft.");
        if (errors.Any) return Outcome<PlanDetail>.Invalid(errors);

        var changes = new List<string>();
        var title = request.Title!.Trim();
        if (title != plan.Title) changes.Add($"title \"{plan.Title}\" → \"{title}\"");
        var currency = request.Currency!.Trim().ToUpperInvariant();
        if (currency != plan.Currency) changes.Add($"currency {plan.Currency} → {currency}");
        if (request.Status!.Value != plan.Status) changes.Add($"status {plan.Status.Label().ToLowerInvariant()} → {request.Status.Value.Label().ToLowerInvariant()}");
        if (vendorOwner?.Id != plan.VendorOwnerId) changes.Add($"vendor owner {Or(plan.VendorOwnerName)} → {Or(vendorOwner?.Name)}");
        if (partnerOwner?.Id != plan.PartnerOwnerId) changes.Add($"partner owner {Or(plan.PartnerOwnerName)} → {Or(partnerOwner?.Name)}");
        if (changes.Count == 0) return await DetailAsync(plan, cancellationToken);

        plan.Title = title;
        plan.Currency = currency;
        if (plan.MoveTo(request.Status.Value) is { } refused) return Outcome<PlanDetail>.Conflict(refused);
        (plan.VendorOwnerId, plan.VendorOwnerName) = (vendorOwner?.Id, vendorOwner?.Name ?? "");
        (plan.PartnerOwnerId, plan.PartnerOwnerName) = (partnerOwner?.Id, partnerOwner?.Name ?? "");
        Record(plan, $"Plan changed: {string.Join("; ", changes)}.");
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Chooses who at the partner owns the plan: vendor staff, or the partner's own admins.</summary>
    public async Task<Outcome<PlanDetail>> SetPartnerOwnerAsync(Guid planId, PartnerOwnerRequest request, CancellationToken cancellationToken = default)
    {
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null) return Outcome<PlanDetail>.NotFound("No such business plan.");
        var errors = ValidationErrors.Of(request);
        var owner = await PartnerOwnerAsync(request.PartnerOwnerId, plan.PartnerId, errors, cancellationToken);
        if (errors.Any) return Outcome<PlanDetail>.Invalid(errors);
        if (owner!.Id == plan.PartnerOwnerId) return await DetailAsync(plan, cancellationToken);
        Record(plan, $"Partner owner {Or(plan.PartnerOwnerName)} → {owner.Name}.");
        (plan.PartnerOwnerId, plan.PartnerOwnerName) = (owner.Id, owner.Name);
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Adds a goal (vendor staff).</summary>
    public async Task<Outcome<PlanDetail>> AddGoalAsync(Guid planId, GoalRequest request, CancellationToken cancellationToken = default)
    {
        if (currentUser.IsPartnerUser) return Outcome<PlanDetail>.NotFound("No such resource.");
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null) return Outcome<PlanDetail>.NotFound("No such business plan.");
        if (plan.Status == PlanStatus.Closed) return Outcome<PlanDetail>.Conflict("The plan is closed; reopen it to change it.");
        if (await CheckGoalAsync(request, plan, cancellationToken) is { Any: true } errors) return Outcome<PlanDetail>.Invalid(errors);
        var goal = new PlanGoal { PartnerId = plan.PartnerId, PlanId = plan.Id, CreatedAt = Now };
        Apply(goal, request);
        db.PlanGoals.Add(goal);
        Record(plan, $"Goal \"{goal.Title}\" added: {goal.Kind.Label().ToLowerInvariant()}, target {Amount(goal.Kind, goal.Target, plan.Currency)}, owned by the {goal.Side.Label().ToLowerInvariant()}"
            + (goal.OwnerName.Length > 0 ? $" ({goal.OwnerName})." : "."));
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Changes a goal (vendor staff).</summary>
    public async Task<Outcome<PlanDetail>> UpdateGoalAsync(Guid planId, Guid goalId, GoalRequest request, CancellationToken cancellationToken = default)
    {
        if (currentUser.IsPartnerUser) return Outcome<PlanDetail>.NotFound("No such resource.");
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        var goal = plan is null ? null : await db.PlanGoals.SingleOrDefaultAsync(g => g.Id == goalId && g.PlanId == planId, cancellationToken);
        if (plan is null || goal is null) return Outcome<PlanDetail>.NotFound("No such goal.");
        if (plan.Status == PlanStatus.Closed) return Outcome<PlanDetail>.Conflict("The plan is closed; reopen it to change it.");
        if (await CheckGoalAsync(request, plan, cancellationToken) is { Any: true } errors) return Outcome<PlanDetail>.Invalid(errors);
        var changes = new List<string>();
        if (request.Title!.Trim() != goal.Title) changes.Add($"title → \"{request.Title.Trim()}\"");
        if (request.Kind != goal.Kind) changes.Add($"measure {goal.Kind.Label().ToLowerInvariant()} → {request.Kind!.Value.Label().ToLowerInvariant()}");
        if (request.Target != goal.Target) changes.Add($"target {Amount(goal.Kind, goal.Target, plan.Currency)} → {Amount(request.Kind!.Value, request.Target!.Value, plan.Currency)}");
        if (PlanGoal.IsManual(request.Kind!.Value, request.KpiId) && request.ManualActual != goal.ManualActual)
        {
            changes.Add($"actual {(goal.ManualActual is { } a ? Amount(goal.Kind, a, plan.Currency) : "none")} → {(request.ManualActual is { } b ? Amount(request.Kind.Value, b, plan.Currency) : "none")}");
        }
        if (request.CertificationId != goal.CertificationId) changes.Add("certification changed");
        if (request.KpiId != goal.KpiId) changes.Add("KPI changed");
        if (request.Side != goal.Side) changes.Add($"owned by the {request.Side!.Value.Label().ToLowerInvariant()}");
        if ((request.OwnerName?.Trim() ?? "") != goal.OwnerName) changes.Add($"owner {Or(goal.OwnerName)} → {Or(request.OwnerName?.Trim())}");
        if (changes.Count == 0) return await DetailAsync(plan, cancellationToken);
        Record(plan, $"Goal \"{goal.Title}\" changed: {string.Join("; ", changes)}.");
        Apply(goal, request);
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Removes a goal (vendor staff); actions that served it stay, serving no goal.</summary>
    public async Task<Outcome<PlanDetail>> RemoveGoalAsync(Guid planId, Guid goalId, CancellationToken cancellationToken = default)
    {
        if (currentUser.IsPartnerUser) return Outcome<PlanDetail>.NotFound("No such resource.");
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        var goal = plan is null ? null : await db.PlanGoals.SingleOrDefaultAsync(g => g.Id == goalId && g.PlanId == planId, cancellationToken);
        if (plan is null || goal is null) return Outcome<PlanDetail>.NotFound("No such goal.");
        if (plan.Status == PlanStatus.Closed) return Outcome<PlanDetail>.Conflict("The plan is closed; reopen it to change it.");
        foreach (var action in await db.PlanActions.Where(a => a.GoalId == goalId).ToListAsync(cancellationToken)) action.GoalId = null;
        db.PlanGoals.Remove(goal);
        Record(plan, $"Goal \"{goal.Title}\" removed (target was {Amount(goal.Kind, goal.Target, plan.Currency)}).");
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Adds an action: vendor staff on either side, a partner's admins on their own side only.</summary>
    public async Task<Outcome<PlanDetail>> AddActionAsync(Guid planId, ActionRequest request, CancellationToken cancellationToken = default)
    {
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null) return Outcome<PlanDetail>.NotFound("No such business plan.");
        var errors = ValidationErrors.Of(request);
        if (currentUser.IsPartnerUser && request.Side == PlanSide.Vendor) errors.Add("side", "You add your organization's actions; the vendor's team adds its own.");
        await CheckActionAsync(request, plan, errors, cancellationToken);
        if (errors.Any) return Outcome<PlanDetail>.Invalid(errors);
        if (plan.Status == PlanStatus.Closed) return Outcome<PlanDetail>.Conflict("The plan is closed; reopen it to change it.");
        var action = new PlanAction { PartnerId = plan.PartnerId, PlanId = plan.Id, Side = request.Side!.Value, CreatedAt = Now };
        Apply(action, request);
        db.PlanActions.Add(action);
        Record(plan, $"Action \"{action.Title}\" added for the {action.Side.Label().ToLowerInvariant()}, due {Day(action.DueOn)}"
            + (action.OwnerName.Length > 0 ? $", owned by {action.OwnerName}." : "."));
        if (!currentUser.IsPartnerUser && action.Side == PlanSide.Partner) await TellPartnerOwnerAsync(plan, action, cancellationToken);
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Changes an action's title, owner, due day or goal; its side stays.</summary>
    public async Task<Outcome<PlanDetail>> UpdateActionAsync(Guid planId, Guid actionId, ActionRequest request, CancellationToken cancellationToken = default)
    {
        var (plan, action, missing) = await ActionToChangeAsync(planId, actionId, cancellationToken);
        if (missing is not null) return missing;
        var errors = ValidationErrors.Of(request);
        if (request.Side is { } side && side != action!.Side) errors.Add("side", "An action stays on its side; add a new one for the other side.");
        await CheckActionAsync(request, plan!, errors, cancellationToken);
        if (errors.Any) return Outcome<PlanDetail>.Invalid(errors);
        if (plan!.Status == PlanStatus.Closed) return Outcome<PlanDetail>.Conflict("The plan is closed; reopen it to change it.");
        var changes = new List<string>();
        if (request.Title!.Trim() != action!.Title) changes.Add($"title → \"{request.Title.Trim()}\"");
        if ((request.OwnerName?.Trim() ?? "") != action.OwnerName) changes.Add($"owner {Or(action.OwnerName)} → {Or(request.OwnerName?.Trim())}");
        if (request.DueOn != action.DueOn) changes.Add($"due {Day(action.DueOn)} → {Day(request.DueOn!.Value)}");
        if (request.GoalId != action.GoalId) changes.Add("goal changed");
        if (changes.Count == 0) return await DetailAsync(plan, cancellationToken);
        Record(plan, $"Action \"{action.Title}\" changed: {string.Join("; ", changes)}.");
        Apply(action, request);
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>Moves an action: start, complete, cancel or reopen it.</summary>
    public async Task<Outcome<PlanDetail>> MoveActionAsync(Guid planId, Guid actionId, ActionStatusRequest request, CancellationToken cancellationToken = default)
    {
        var (plan, action, missing) = await ActionToChangeAsync(planId, actionId, cancellationToken);
        if (missing is not null) return missing;
        if (ValidationErrors.Of(request) is { Any: true } errors) return Outcome<PlanDetail>.Invalid(errors);
        if (plan!.Status == PlanStatus.Closed) return Outcome<PlanDetail>.Conflict("The plan is closed; reopen it to change it.");
        var from = action!.Status;
        if (action.MoveTo(request.Status!.Value, Now) is { } refused) return Outcome<PlanDetail>.Conflict(refused, Item(action, Today));
        Record(plan, $"Action \"{action.Title}\": {from.Label().ToLowerInvariant()} → {action.Status.Label().ToLowerInvariant()}.");
        return await SaveAsync(plan, cancellationToken);
    }

    /// <summary>The plan and the action the caller may change; a partner user may change its own side's only (404 otherwise, as for anything not theirs).</summary>
    private async Task<(BusinessPlan?, PlanAction?, Outcome<PlanDetail>?)> ActionToChangeAsync(Guid planId, Guid actionId, CancellationToken cancellationToken)
    {
        var plan = await db.BusinessPlans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        var action = plan is null ? null : await db.PlanActions.SingleOrDefaultAsync(a => a.Id == actionId && a.PlanId == planId, cancellationToken);
        if (plan is null || action is null) return (null, null, Outcome<PlanDetail>.NotFound("No such action."));
        if (currentUser.IsPartnerUser && action.Side != PlanSide.Partner)
        {
            return (null, null, Outcome<PlanDetail>.NotFound("No such action of your organization: the vendor's team changes its own actions."));
        }
        return (plan, action, null);
    }

    /// <summary>
    /// Saves the change with its history line. Every change to a plan's goals or actions also touches the plan's
    /// version, so two people changing one plan at once get one change and a conflict.
    /// </summary>
    private async Task<Outcome<PlanDetail>> SaveAsync(BusinessPlan plan, CancellationToken cancellationToken)
    {
        var entry = db.Entry(plan);
        if (entry.State == EntityState.Unchanged) entry.Property(nameof(BusinessPlan.Title)).IsModified = true;
        if (await db.TrySaveAsync(cancellationToken)) return await DetailAsync(plan, cancellationToken);
        var current = await db.BusinessPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == plan.Id, cancellationToken);
        return Outcome<PlanDetail>.Conflict("Someone changed this plan at the same time; nothing was saved. Look at it again and retry.",
            current is null ? null : await DetailAsync(current, cancellationToken));
    }

    private void Record(BusinessPlan plan, string what) =>
        db.PlanHistory.Add(new PlanHistoryEntry { PartnerId = plan.PartnerId, PlanId = plan.Id, At = Now, By = currentUser.Name, What = what });

    private async Task TellPartnerOwnerAsync(BusinessPlan plan, PlanAction action, CancellationToken cancellationToken)
    {
        if (plan.PartnerOwnerId is not { } ownerId) return;
        var email = await db.Users.Where(u => u.Id == ownerId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        outbox.Enqueue(new NotifyUser(ownerId, $"A new action for you in \"{plan.Title}\"", $"{action.Title}, due {Day(action.DueOn)}.", $"/portal/plans/{plan.Id}", email));
    }

    private static void Apply(PlanGoal goal, GoalRequest request)
    {
        goal.Kind = request.Kind!.Value;
        goal.Title = request.Title!.Trim();
        goal.Target = request.Target!.Value;
        goal.CertificationId = goal.Kind == GoalKind.CertifiedPeople ? request.CertificationId : null;
        goal.KpiId = goal.Kind == GoalKind.Custom ? request.KpiId : null;
        goal.ManualActual = PlanGoal.IsManual(goal.Kind, goal.KpiId) ? request.ManualActual : null;
        goal.Side = request.Side!.Value;
        goal.OwnerName = request.OwnerName?.Trim() ?? "";
    }

    private static void Apply(PlanAction action, ActionRequest request)
    {
        action.Title = request.Title!.Trim();
        action.OwnerName = request.OwnerName?.Trim() ?? "";
        action.DueOn = request.DueOn!.Value;
        action.GoalId = request.GoalId;
    }

    private async Task<ValidationErrors> CheckGoalAsync(GoalRequest request, BusinessPlan plan, CancellationToken cancellationToken)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Kind == GoalKind.Revenue && request.Target is { } target && MoneyRules.Problem(target, plan.Currency) is { } problem) errors.Add("target", problem);
        if (request.CertificationId is { } certification)
        {
            if (request.Kind != GoalKind.CertifiedPeople) errors.Add("certificationId", "Only a certified-people goal names a certification.");
            else if (!(await CertificationNames.AllAsync(db, cancellationToken)).ContainsKey(certification)) errors.Add("certificationId", "No such certification.");
        }
        if (request.KpiId is { } kpi)
        {
            if (request.Kind != GoalKind.Custom) errors.Add("kpiId", "Only a custom goal names a KPI.");
            else if (!await db.CustomKpis.AnyAsync(k => k.Id == kpi, cancellationToken)) errors.Add("kpiId", "No such KPI.");
        }
        if (request.ManualActual is not null && request.Kind is { } kind && !PlanGoal.IsManual(kind, request.KpiId))
        {
            errors.Add("manualActual", "This goal's actual is measured; only MDF activities and custom goals without a KPI take one entered by hand.");
        }
        return errors;
    }

    private async Task CheckActionAsync(ActionRequest request, BusinessPlan plan, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.GoalId is { } goalId && !await db.PlanGoals.AnyAsync(g => g.Id == goalId && g.PlanId == plan.Id, cancellationToken))
        {
            errors.Add("goalId", "No such goal in this plan.");
        }
        if (request.DueOn is { } due && (due.Year < 2000 || due.Year > 2100)) errors.Add("dueOn", "The due day is between the years 2000 and 2100.");
    }

    private static void CheckCurrency(string? currency, ValidationErrors errors)
    {
        if (currency is not null && !MoneyRules.IsKnownCurrency(currency)) errors.Add("currency", "Enter a known ISO currency code, such as USD or EUR.");
    }

    private async Task<PlanPerson?> VendorOwnerAsync(Guid? userId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (userId is not { } id) return null;
        var person = await db.Users.Where(u => u.Id == id && u.PartnerId == null && u.IsActive).Select(u => new PlanPerson(u.Id, u.FullName)).SingleOrDefaultAsync(cancellationToken);
        if (person is null) errors.Add("vendorOwnerId", "Choose an active member of the vendor's staff.");
        return person;
    }

    private async Task<PlanPerson?> PartnerOwnerAsync(Guid? userId, Guid partnerId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (userId is not { } id) return null;
        var person = await db.Users.Where(u => u.Id == id && u.PartnerId == partnerId && u.IsActive).Select(u => new PlanPerson(u.Id, u.FullName)).SingleOrDefaultAsync(cancellationToken);
        if (person is null) errors.Add("partnerOwnerId", "Choose an active user of the plan's partner.");
        return person;
    }

    /// <summary>The choices the plan forms offer; the people of one partner when <paramref name="partnerId"/> is given.</summary>
    public async Task<PlanChoices> ChoicesAsync(Guid? partnerId, CancellationToken cancellationToken = default)
    {
        var partners = await db.PartnerSummaries.OrderBy(p => p.Name).Select(p => new PlanPerson(p.Id, p.Name)).Take(1000).ToListAsync(cancellationToken);
        var staff = currentUser.IsPartnerUser ? []
            : await db.Users.Where(u => u.PartnerId == null && u.IsActive).OrderBy(u => u.FullName).Select(u => new PlanPerson(u.Id, u.FullName)).ToListAsync(cancellationToken);
        var people = partnerId is { } p
            ? await db.Users.Where(u => u.PartnerId == p && u.IsActive).OrderBy(u => u.FullName).Select(u => new PlanPerson(u.Id, u.FullName)).ToListAsync(cancellationToken)
            : [];
        var certifications = (await CertificationNames.AllAsync(db, cancellationToken)).Select(c => new PlanPerson(c.Key, c.Value)).OrderBy(c => c.Name).ToList();
        var kpis = await db.CustomKpis.AsNoTracking().OrderBy(k => k.Name).Select(k => new PlanPerson(k.Id, k.Name)).ToListAsync(cancellationToken);
        return new PlanChoices(partners, staff, people, certifications, kpis);
    }

    /// <summary>A revenue amount with its currency, or a count.</summary>
    public static string Amount(GoalKind kind, long value, string currency) =>
        kind == GoalKind.Revenue ? MoneyRules.Format(value, currency) : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Or(string? name) => string.IsNullOrEmpty(name) ? "nobody" : name;
}
