using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Allyward.Chaos;

/// <summary>What the load generator saw, counted per answer class.</summary>
internal sealed class Tally
{
    private long _sent, _success, _clientErrors, _unavailable, _serverErrors, _connectionErrors, _timeouts, _retries;

    public long Sent => Interlocked.Read(ref _sent);
    public ConcurrentQueue<string> ServerErrorBodies { get; } = new();

    /// <summary>Every answer by status code, with 409s split into "still running" (sent with Retry-After) and others.</summary>
    public ConcurrentDictionary<string, int> ByStatus { get; } = new();

    public void Attempt() => Interlocked.Increment(ref _sent);
    public void Retry() => Interlocked.Increment(ref _retries);
    public void Timeout() => Interlocked.Increment(ref _timeouts);
    public void ConnectionError() => Interlocked.Increment(ref _connectionErrors);

    public void Answer(int status, string body, bool retryAfter = false)
    {
        ByStatus.AddOrUpdate(status == 409 && retryAfter ? "409 still running" : status.ToString(), 1, (_, n) => n + 1);
        if (status is >= 200 and < 300) Interlocked.Increment(ref _success);
        else if (status is 503) Interlocked.Increment(ref _unavailable);
        else if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
            if (ServerErrorBodies.Count < 20) ServerErrorBodies.Enqueue($"{status}: {body[..Math.Min(body.Length, 500)]}");
        }
        else Interlocked.Increment(ref _clientErrors);
    }

    public Counts Snapshot() => new(Sent, Interlocked.Read(ref _success), Interlocked.Read(ref _clientErrors), Interlocked.Read(ref _unavailable),
        Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _connectionErrors), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _retries));
}

/// <summary>Requests sent and how they were answered: 2xx, 4xx, 503, other 5xx (bugs), no answer (connection refused or
/// reset), timed out (5 s), and how many were retries of an earlier attempt with the same Idempotency-Key.</summary>
internal sealed record Counts(long Sent, long Success, long ClientErrors, long Unavailable, long ServerErrors, long ConnectionErrors, long Timeouts, long Retries)
{
    public static Counts operator -(Counts a, Counts b) => new(a.Sent - b.Sent, a.Success - b.Success, a.ClientErrors - b.ClientErrors,
        a.Unavailable - b.Unavailable, a.ServerErrors - b.ServerErrors, a.ConnectionErrors - b.ConnectionErrors, a.Timeouts - b.Timeouts, a.Retries - b.Retries);
}

/// <summary>One deal registration as the client meant it: one customer, one Idempotency-Key, however many attempts.</summary>
internal sealed class Registration(string customer)
{
    public string Customer { get; } = customer;
    public string Key { get; } = Guid.NewGuid().ToString();
    public string? DealId { get; set; }
    public int Attempts { get; set; }
}

/// <summary>
/// Registers deals as a partner's seller and approves every second one as the program admin, spread over both nodes.
/// Every request carries an Idempotency-Key; an attempt that times out, finds no node, or gets 503 or 409 "still
/// running" is sent again with the same key to the other node, for up to 45 seconds.
/// </summary>
internal sealed class Load(HttpClient http, Node[] nodes, string partnerToken, string adminToken, string run, Tally tally)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(45);
    private int _next;

    public ConcurrentBag<Registration> Registrations { get; } = [];
    public ConcurrentDictionary<string, byte> Approved { get; } = new();
    public int Unanswered;

    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(stop))));

    private async Task WorkAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            var registration = new Registration($"Chaos {run} {n:D6}");
            Registrations.Add(registration);
            var body = JsonSerializer.Serialize(new
            {
                customer = new { companyName = registration.Customer, country = "DE" },
                products = new[] { "Platform Enterprise" },
                amount = 10_000_00 + n,
                currency = "EUR",
                expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(90)).ToString("yyyy-MM-dd"),
            });
            var answer = await SendAsync("/api/v1/deals", body, registration.Key, partnerToken, n, a => registration.Attempts = a);
            if (answer is not { Status: >= 200 and < 300 } created)
            {
                if (answer is null) Interlocked.Increment(ref Unanswered);
                continue;
            }
            using var deal = JsonDocument.Parse(created.Body);
            registration.DealId = deal.RootElement.GetProperty("id").GetString();
            if (n % 2 != 0) continue;
            var approval = await SendAsync($"/api/v1/deals/{registration.DealId}/approve", "{}", Guid.NewGuid().ToString(), adminToken, n + 1, _ => { });
            if (approval is { Status: >= 200 and < 300 }) Approved.TryAdd(registration.DealId!, 0);
            else if (approval is null) Interlocked.Increment(ref Unanswered);
        }
    }

    private async Task<(int Status, string Body)?> SendAsync(string path, string body, string key, string token, int seed, Action<int> attempts)
    {
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        var node = seed;
        for (var attempt = 1; DateTime.UtcNow < giveUp; attempt++, node++)
        {
            attempts(attempt);
            if (attempt > 1) tally.Retry();
            tally.Attempt();
            var target = nodes[node % nodes.Length];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.Address, path))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            using var timeout = new CancellationTokenSource(AttemptTimeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var retryAfter = response.Headers.RetryAfter?.Delta;
                tally.Answer(status, text, retryAfter is not null);
                if (status is >= 200 and < 300) return (status, text);
                if (status is 503 or 429 || (status is 409 && retryAfter is not null) || status >= 500)
                {
                    await Task.Delay(retryAfter is { } wait && wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromMilliseconds(500));
                    continue;
                }
                return (status, text);
            }
            catch (OperationCanceledException)
            {
                tally.Timeout();
            }
            catch (HttpRequestException)
            {
                tally.ConnectionError();
                await Task.Delay(100);
            }
        }
        return null;
    }
}
