using System.Net.Http.Headers;
using Allyward.Client;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>A client generated from the OpenAPI document (tests/Allyward.ApiClient) works against the API as an integration would.</summary>
public abstract class ApiClientTests(AllywardApp app)
{
    private async Task<HttpClient> HttpClientAsync(string email)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenForAsync(email));
        return http;
    }

    [Fact]
    public async Task A_generated_client_registers_a_deal_reads_it_back_and_gets_problems_as_typed_exceptions()
    {
        var deals = new DealsClient(await HttpClientAsync(Demo.PartnerASales));
        var company = $"Generated Client {Unique.Suffix()} Ltd";

        var request = new RegisterDealRequest
        {
            Customer = new CustomerRequest { CompanyName = company, Website = "generated-client.example", Country = "DE" },
            Amount = 42_000_00, Currency = "EUR", ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(45)),
        };
        // A sync script retries with its Idempotency-Key: the retry gets the same deal back.
        var key = Guid.NewGuid().ToString();
        var registered = await deals.RegisterDealAsync(key, request);
        Assert.Equal(registered.Id, (await deals.RegisterDealAsync(key, request)).Id);
        Assert.Equal(company, registered.CustomerName);
        Assert.Equal("https://generated-client.example", registered.CustomerWebsite);
        Assert.Equal(42_000_00, registered.Amount);

        var read = await deals.GetDealAsync(registered.Id);
        Assert.Equal(registered.Id, read.Id);

        var invalid = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() => deals.RegisterDealAsync(null, new RegisterDealRequest
        {
            Customer = new CustomerRequest { CompanyName = company, Website = "not a website", Country = "DE" },
            Amount = 1, Currency = "EUR", ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(45)),
        }));
        Assert.Equal(400, invalid.StatusCode);
        Assert.Contains("customer.website", invalid.Result.Errors!.Keys);

        var missing = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => deals.GetDealAsync(Guid.NewGuid()));
        Assert.Equal(404, missing.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiClientOnSqlite(SqliteApp app) : ApiClientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiClientOnPostgres(PostgresApp app) : ApiClientTests(app);
