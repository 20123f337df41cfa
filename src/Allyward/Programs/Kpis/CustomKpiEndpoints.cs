using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Allyward.Programs.Kpis;

public static class CustomKpiEndpoints
{
    private static readonly string[] Readers = [ProgramPermissions.Manage, ProgramPermissions.ViewAll];

    public static void Map(RouteGroupBuilder programs)
    {
        var kpis = programs.MapGroup("/kpis");
        kpis.MapGet("/", async ([AsParameters] ListQueryParameters q, CustomKpis k, CancellationToken ct) => (await k.ListAsync(q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("Custom KPIs, by name");
        kpis.MapPost("/", async (KpiRequest request, CustomKpis k, CancellationToken ct) =>
                (await k.SaveAsync(null, request, ct)).ToHttp(x => TypedResults.Created($"/api/v1/programs/kpis/{x.Id}", x)))
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Define a custom KPI, whose values are set per partner and period");
        kpis.MapPut("/{kpiId:guid}", async (Guid kpiId, KpiRequest request, CustomKpis k, CancellationToken ct) => (await k.SaveAsync(kpiId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Manage).WithSummary("Change a custom KPI's name, description or unit");

        kpis.MapGet("/values", async ([AsParameters] KpiValueQuery q, CustomKpis k, CancellationToken ct) => (await k.ValuesAsync(q, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.ViewAll).WithSummary("KPI values, latest period first unless sorted otherwise; filter by kpiId and partnerId");
        kpis.MapGet("/values/export.csv", async ([AsParameters] KpiValueQuery q, CustomKpis k, CancellationToken ct) =>
                (await k.ExportValuesCsvAsync(q, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "kpi-values.csv")))
            .RequireAuthorization(ProgramPermissions.ViewAll).ProducesFile("text/csv").WithSummary("The KPI values as CSV");
        kpis.MapPut("/{kpiId:guid}/values", async (Guid kpiId, KpiValueRequest request, CustomKpis k, CancellationToken ct) => (await k.SetValueAsync(kpiId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Evaluate)
            .WithSummary("Set a partner's value for a period: the value of the same period is replaced, a period overlapping another is refused");
        kpis.MapDelete("/values/{valueId:guid}", async (Guid valueId, CustomKpis k, CancellationToken ct) => (await k.DeleteValueAsync(valueId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(ProgramPermissions.Evaluate).WithSummary("Remove a KPI value");
        kpis.MapPost("/{kpiId:guid}/values/import", async (Guid kpiId, bool? dryRun, HttpRequest http, CustomKpis k, CancellationToken ct) =>
                (await k.ImportAsync(kpiId, http.Body, dryRun == true, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Evaluate).Accepts<Stream>("text/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream")
            .WithSummary("Import values from CSV in the request body (columns partner — id or domain —, periodStart, periodEnd, value; at most 10 MB): all or nothing; dryRun=true reports per row what would change");
    }
}
