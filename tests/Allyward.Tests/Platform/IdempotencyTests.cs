using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Allyward.Platform.Idempotency;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

public abstract class IdempotencyTests(AllywardApp app)
{
    private static string DealBody(string company, long amount = 50_000_00) => JsonSerializer.Serialize(new
    {
        customer = new { companyName = company, country = "DE" },
        products = new[] { "Platform Enterprise" },
        amount,
        currency = "EUR",
        expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)),
    }, Http.Json);

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/deals") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.TryAddWithoutValidation(IdempotentRequests.Header, key);
        return client.SendAsync(request);
    }

    private Task<int> DealsOfAsync(string company) => app.WithDbAsync(db => db.Deals.CountAsync(d => d.CustomerName == company));

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_and_registers_the_deal_once()
    {
        var company = $"Retry {Unique.Suffix()} Ltd";
        var key = Guid.NewGuid().ToString();
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        var first = await RegisterAsync(client, DealBody(company), key).ExpectAsync(HttpStatusCode.Created);
        var retry = await RegisterAsync(client, DealBody(company), key).ExpectAsync(HttpStatusCode.Created);

        Assert.False(first.Headers.Contains(IdempotentRequests.ReplayedHeader));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(IdempotentRequests.ReplayedHeader)));
        Assert.Equal((await first.ReadJsonAsync())["id"]!.GetValue<string>(), (await retry.ReadJsonAsync())["id"]!.GetValue<string>());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("application/json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await DealsOfAsync(company));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_and_writes_nothing()
    {
        var company = $"Reused Key {Unique.Suffix()} Ltd";
        var other = $"Other Body {Unique.Suffix()} Ltd";
        var key = Guid.NewGuid().ToString();
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        await RegisterAsync(client, DealBody(company), key).ExpectAsync(HttpStatusCode.Created);

        var problem = await RegisterAsync(client, DealBody(other), key).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("different request", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await DealsOfAsync(other));
        // The same body with another amount is another request too.
        await RegisterAsync(client, DealBody(company, amount: 1), key).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await DealsOfAsync(company));
    }

    [Fact]
    public async Task Copies_sent_at_once_register_one_deal_and_the_others_wait_or_get_its_answer()
    {
        var company = $"At Once {Unique.Suffix()} Ltd";
        var key = Guid.NewGuid().ToString();
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RegisterAsync(client, DealBody(company), key)));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var busy in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.NotNull(busy.Headers.RetryAfter);
        }
        var ids = new HashSet<string>();
        foreach (var created in answers.Where(a => a.StatusCode == HttpStatusCode.Created)) ids.Add((await created.ReadJsonAsync())["id"]!.GetValue<string>());
        Assert.Single(ids);
        Assert.Equal(1, await DealsOfAsync(company));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        var key = Guid.NewGuid().ToString();
        var companyA = $"Caller A {Unique.Suffix()} Ltd";
        var companyB = $"Caller B {Unique.Suffix()} Ltd";
        await RegisterAsync(await app.ApiClientAsync(Demo.PartnerASales), DealBody(companyA), key).ExpectAsync(HttpStatusCode.Created);
        await RegisterAsync(await app.ApiClientAsync(Demo.PartnerBSales), DealBody(companyB), key).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await DealsOfAsync(companyA));
        Assert.Equal(1, await DealsOfAsync(companyB));
    }

    [Fact]
    public async Task An_expired_key_is_forgotten_and_a_request_with_it_runs_again()
    {
        var company = $"Expired Key {Unique.Suffix()} Ltd";
        var key = Guid.NewGuid().ToString();
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        await RegisterAsync(client, DealBody(company), key).ExpectAsync(HttpStatusCode.Created);
        await ExpireAsync(key);

        var again = await RegisterAsync(client, DealBody(company), key).ExpectAsync(HttpStatusCode.Created);
        Assert.False(again.Headers.Contains(IdempotentRequests.ReplayedHeader));
        Assert.Equal(2, await DealsOfAsync(company));

        // The periodic clean-up deletes keys past their day, and only those.
        await ExpireAsync(key);
        var fresh = Guid.NewGuid().ToString();
        await RegisterAsync(client, DealBody($"Fresh Key {Unique.Suffix()} Ltd"), fresh).ExpectAsync(HttpStatusCode.Created);
        var forgotten = await app.WithScopeAsync(sp => sp.GetRequiredService<ForgetExpiredIdempotencyKeys>().RunAsync());
        Assert.True(forgotten >= 1);
        Assert.False(await app.WithDbAsync(db => db.Set<IdempotencyKey>().AnyAsync(k => k.Key == key)));
        var kept = await app.WithDbAsync(db => db.Set<IdempotencyKey>().SingleAsync(k => k.Key == fresh));
        Assert.InRange(kept.ExpiresAt - kept.CreatedAt, TimeSpan.FromHours(24), TimeSpan.FromHours(24));
    }

    private Task ExpireAsync(string key) => app.WithDbAsync(db => db.Set<IdempotencyKey>().Where(k => k.Key == key)
        .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("comma,separated,keys")]
    [InlineData("tooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo-long")]
    public async Task A_bad_key_is_refused_with_a_field_error_and_nothing_is_written(string key)
    {
        Assert.True(key.Length > 255 || key.Contains(' ') || key.Contains(','));
        var company = $"Bad Key {Unique.Suffix()} Ltd";
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        await RegisterAsync(client, DealBody(company), key).ExpectProblemAsync(HttpStatusCode.BadRequest, IdempotentRequests.Header);
        Assert.Equal(0, await DealsOfAsync(company));
    }

    [Fact]
    public async Task A_key_held_by_a_running_request_answers_409_and_one_left_by_a_stopped_node_is_taken_over_or_reported_done()
    {
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        var user = await app.UserAsync(Demo.PartnerASales);

        // Still running: the retry is told to wait.
        var running = $"Running {Unique.Suffix()} Ltd";
        var runningKey = await PlantKeyAsync(user.Id, DealBody(running), lockedFor: TimeSpan.FromSeconds(20), committed: false);
        var busy = await RegisterAsync(client, DealBody(running), runningKey).ExpectAsync(HttpStatusCode.Conflict);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.Equal(0, await DealsOfAsync(running));

        // The node stopped before anything was saved: the retry does the work.
        var stopped = $"Stopped {Unique.Suffix()} Ltd";
        var stoppedKey = await PlantKeyAsync(user.Id, DealBody(stopped), lockedFor: TimeSpan.FromSeconds(-1), committed: false);
        await RegisterAsync(client, DealBody(stopped), stoppedKey).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await DealsOfAsync(stopped));

        // The node stopped after its change committed: the work is not done again.
        var done = $"Done {Unique.Suffix()} Ltd";
        var doneKey = await PlantKeyAsync(user.Id, DealBody(done), lockedFor: TimeSpan.FromSeconds(-1), committed: true);
        var lost = await RegisterAsync(client, DealBody(done), doneKey).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not done again", lost["detail"]!.GetValue<string>());
        Assert.Equal(0, await DealsOfAsync(done));
    }

    [Fact]
    public async Task The_key_is_marked_committed_in_the_same_save_as_the_deal()
    {
        var company = $"Committed {Unique.Suffix()} Ltd";
        var key = Guid.NewGuid().ToString();
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        await RegisterAsync(client, DealBody(company), key).ExpectAsync(HttpStatusCode.Created);
        var row = await app.WithDbAsync(db => db.Set<IdempotencyKey>().SingleAsync(k => k.Key == key));
        var deal = await app.WithDbAsync(db => db.Deals.SingleAsync(d => d.CustomerName == company));
        Assert.NotNull(row.CommittedAt);
        Assert.NotNull(row.CompletedAt);
        Assert.Equal(201, row.StatusCode);
        Assert.Null(row.LockedUntil);
        Assert.Contains(deal.Id.ToString(), Encoding.UTF8.GetString(row.Body!));
    }

    [Fact]
    public async Task A_refused_request_is_answered_the_same_on_retry_and_a_request_without_a_key_is_untouched()
    {
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        var key = Guid.NewGuid().ToString();
        var first = await RegisterAsync(client, "{\"amount\":-1}", key).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        var retry = await RegisterAsync(client, "{\"amount\":-1}", key).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        Assert.Equal(first.ToJsonString(), retry.ToJsonString());

        var company = $"No Key {Unique.Suffix()} Ltd";
        await RegisterAsync(client, DealBody(company), null).ExpectAsync(HttpStatusCode.Created);
        await RegisterAsync(client, DealBody(company), null).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, await DealsOfAsync(company));
    }

    /// <summary>A key as a request on another node leaves it, for the same request this test then sends.</summary>
    private async Task<string> PlantKeyAsync(Guid userId, string body, TimeSpan lockedFor, bool committed)
    {
        var key = Guid.NewGuid().ToString();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("POST /api/v1/deals\n" + body)));
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.Add(new IdempotencyKey
            {
                Caller = userId.ToString(), Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now.AddHours(24),
                LockedUntil = now + lockedFor, CommittedAt = committed ? now : null,
            });
            return await db.SaveChangesAsync();
        });
        return key;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class IdempotencyOnSqlite(SqliteApp app) : IdempotencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class IdempotencyOnPostgres(PostgresApp app) : IdempotencyTests(app);
