using Allyward.Platform.Api;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Allyward.Programs.Currencies;

public static class ExchangeRateEndpoints
{
    private static readonly string[] Readers = [ProgramPermissions.Rates, ProgramPermissions.ViewAll];

    public static void Map(RouteGroupBuilder programs)
    {
        var rates = programs.MapGroup("/exchange-rates");
        rates.MapGet("/", async ([AsParameters] ExchangeRateQuery q, ExchangeRates r, CancellationToken ct) => (await r.ListAsync(q, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("Exchange rates, latest day first unless sorted otherwise; filter by from, to and onOrBefore");
        rates.MapGet("/export.csv", async ([AsParameters] ExchangeRateQuery q, ExchangeRates r, CancellationToken ct) =>
                (await r.ExportCsvAsync(q, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "exchange-rates.csv")))
            .RequireAuthorization(Policies.AnyOf(Readers)).ProducesFile("text/csv").WithSummary("The exchange rates as CSV (columns from, to, date, rate: the import's format)");
        rates.MapPost("/", async (ExchangeRateRequest request, ExchangeRates r, CancellationToken ct) =>
                (await r.AddAsync(request, ct)).ToHttp(x => TypedResults.Created($"/api/v1/programs/exchange-rates/{x.Id}", x)))
            .RequireAuthorization(ProgramPermissions.Rates).WithSummary("Add the rate of a currency pair from a day (409 when the pair has one that day)");
        rates.MapPut("/{rateId:guid}", async (Guid rateId, ChangeRateRequest request, ExchangeRates r, CancellationToken ct) => (await r.ChangeAsync(rateId, request, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Rates).WithSummary("Change a rate");
        rates.MapDelete("/{rateId:guid}", async (Guid rateId, ExchangeRates r, CancellationToken ct) => (await r.DeleteAsync(rateId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(ProgramPermissions.Rates).WithSummary("Remove a rate");
        rates.MapPost("/import", async (bool? dryRun, HttpRequest http, ExchangeRates r, CancellationToken ct) => (await r.ImportAsync(http.Body, dryRun == true, ct)).ToHttp())
            .RequireAuthorization(ProgramPermissions.Rates).Accepts<Stream>("text/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream")
            .WithSummary("Import rates from CSV in the request body (columns from, to, date, rate; at most 10 MB): all or nothing; dryRun=true reports per row what would change");
        rates.MapGet("/convert", async (long? amount, string? from, string? to, DateOnly? on, ExchangeRates r, CancellationToken ct) =>
                (await r.ConvertAsync(amount, from, to, on, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers))
            .WithSummary("Convert an amount in minor units at the rate in effect on a day; 404 when no rate of the pair is known by then");
    }
}
