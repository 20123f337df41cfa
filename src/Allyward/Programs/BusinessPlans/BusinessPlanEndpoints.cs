using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Allyward.Programs.BusinessPlans;

/// <summary>The joint business plans' API under <c>/api/v1/programs/plans</c>.</summary>
public static class BusinessPlanEndpoints
{
    /// <summary>Who reads plans: vendor staff who see programs or plan, and a partner's admins (their own organization's).</summary>
    public static readonly string[] Readers = [ProgramPermissions.ViewAll, ProgramPermissions.PlanForVendor, ProgramPermissions.PlanForPartner, ProgramPermissions.Scorecard];

    /// <summary>Who writes actions and the partner owner: vendor staff who plan, and a partner's admins for their own side.</summary>
    public static readonly string[] Writers = [ProgramPermissions.PlanForVendor, ProgramPermissions.PlanForPartner];

    public static void Map(RouteGroupBuilder programs)
    {
        var plans = programs.MapGroup("/plans");
        plans.MapGet("/", async ([AsParameters] PlanListQuery q, BusinessPlanHandler h, CancellationToken ct) => (await h.ListAsync(q, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers))
            .WithSummary("Joint business plans, latest period first unless sorted otherwise (a partner sees its own)");
        plans.MapGet("/export.csv", async ([AsParameters] PlanListQuery q, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.ExportCsvAsync(q, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "business-plans.csv")))
            .RequireAuthorization(Policies.AnyOf(Readers)).ProducesFile("text/csv")
            .WithSummary("The business plans matching the filters, in the list's order, as CSV");
        plans.MapPost("/", async (PlanRequest request, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.CreateAsync(request, ct)).ToHttp(p => TypedResults.Created($"/api/v1/programs/plans/{p.Id}", p)))
            .RequireAuthorization(ProgramPermissions.PlanForVendor)
            .WithSummary("Start a joint business plan with a partner for a quarter or a year (one per partner and period)");
        plans.MapGet("/{planId:guid}", async (Guid planId, BusinessPlanHandler h, CancellationToken ct) => (await h.GetAsync(planId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers))
            .WithSummary("A plan with its goals and their progress (actual, target, percent), its actions and its history");
        plans.MapPut("/{planId:guid}", async (Guid planId, PlanUpdateRequest request, BusinessPlanHandler h, CancellationToken ct) => (await h.UpdateAsync(planId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.PlanForVendor)
            .WithSummary("Change a plan's title, currency, status and owners");
        plans.MapPut("/{planId:guid}/partner-owner", async (Guid planId, PartnerOwnerRequest request, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.SetPartnerOwnerAsync(planId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Writers))
            .WithSummary("Choose who at the partner owns the plan");
        plans.MapPost("/{planId:guid}/goals", async (Guid planId, GoalRequest request, BusinessPlanHandler h, CancellationToken ct) => (await h.AddGoalAsync(planId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.PlanForVendor)
            .WithSummary("Add a goal: won revenue, won deals, certified people, MDF activities or a custom goal, with its target");
        plans.MapPut("/{planId:guid}/goals/{goalId:guid}", async (Guid planId, Guid goalId, GoalRequest request, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.UpdateGoalAsync(planId, goalId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.PlanForVendor)
            .WithSummary("Change a goal");
        plans.MapDelete("/{planId:guid}/goals/{goalId:guid}", async (Guid planId, Guid goalId, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.RemoveGoalAsync(planId, goalId, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.PlanForVendor)
            .WithSummary("Remove a goal; the actions that served it stay");
        plans.MapPost("/{planId:guid}/actions", async (Guid planId, ActionRequest request, BusinessPlanHandler h, CancellationToken ct) => (await h.AddActionAsync(planId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Writers))
            .WithSummary("Add an action with its due day (a partner adds its own side's)");
        plans.MapPut("/{planId:guid}/actions/{actionId:guid}", async (Guid planId, Guid actionId, ActionRequest request, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.UpdateActionAsync(planId, actionId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Writers))
            .WithSummary("Change an action's title, owner, due day or goal (a partner changes its own side's)");
        plans.MapPost("/{planId:guid}/actions/{actionId:guid}/status", async (Guid planId, Guid actionId, ActionStatusRequest request, BusinessPlanHandler h, CancellationToken ct) =>
                (await h.MoveActionAsync(planId, actionId, request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Writers))
            .WithSummary("Start, complete, cancel or reopen an action (a partner moves its own side's)");
    }
}
