using System.Security.Cryptography;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Platform.Idempotency;

/// <summary>
/// Safe retries for API clients: a POST with an <c>Idempotency-Key</c> header is run once per caller and key. Its key is
/// claimed first (a row under a unique key, so two copies sent at once cannot both run), the request runs, and its answer
/// (status, body, content type, location) is kept for <see cref="Lifetime"/>. A retry with the same key and the same
/// request gets that answer again, marked <c>Idempotent-Replayed: true</c>; with a different request, 422; while the
/// first is still running (its lease renewed every few seconds while it runs), 409 with <c>Retry-After</c>. An answer of 5xx or 429 whose change did not commit lets the key
/// go, so a retry does the work. Anonymous requests keep no keys: the header is ignored.
/// </summary>
public static class IdempotentRequests
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>How long a running request holds its key before a retry may take it over (when its change did not commit).</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    public static IApplicationBuilder UseIdempotentRequests(this IApplicationBuilder api) => api.Use(async (context, next) =>
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }
        var caller = context.RequestServices.GetRequiredService<CurrentUser>();
        if (!caller.IsAuthenticated || caller.Id is not { } userId)
        {
            await next(context);
            return;
        }
        if (Refusal(values) is { } refusal)
        {
            await ProblemAsync(context, new HttpValidationProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
                Errors = { [Header] = [refusal] },
            });
            return;
        }
        var key = values[0]!;
        var hash = await HashAsync(context.Request, context.RequestAborted);
        var services = context.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdempotentRequests));
        var (claim, answer) = await ClaimAsync(services, time, userId.ToString(), key, hash, context.RequestAborted);
        if (answer is not null)
        {
            await answer(context);
            return;
        }
        await RunAsync(context, next, claim!, services, time, logger);
    });

    private static string? Refusal(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count != 1) return $"Send one {Header} header, not {values.Count}.";
        var key = values[0] ?? "";
        if (key.Length == 0) return $"The {Header} is empty; send a unique value such as a UUID, or leave the header out.";
        if (key.Length > MaxKeyLength) return $"The {Header} is at most {MaxKeyLength} characters.";
        if (key.Any(c => c is < '!' or > '~' or ',')) return $"The {Header} may only have visible ASCII characters, without spaces or commas.";
        return null;
    }

    private static async Task<string> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Claims the key for this request, or says how to answer without running it.</summary>
    private static async Task<(IdempotencyClaim? Claim, Func<HttpContext, Task>? Answer)> ClaimAsync(
        IServiceProvider services, TimeProvider time, string caller, string key, string hash, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var existing = await db.Set<IdempotencyKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Caller == caller && k.Key == key, cancellationToken);
            if (existing is null)
            {
                var row = new IdempotencyKey
                {
                    Caller = caller, Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now + Lifetime, LockedUntil = now + Lease,
                };
                db.Add(row);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return (new IdempotencyClaim(row.Id), null);
                }
                catch (DbUpdateException taken) when (IsUniqueViolation(taken) && attempt < 3)
                {
                    // Another copy of the request claimed it an instant before: read what it holds.
                    db.ChangeTracker.Clear();
                    continue;
                }
            }
            if (existing.ExpiresAt <= now)
            {
                await db.Set<IdempotencyKey>().Where(k => k.Id == existing.Id && k.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
                continue;
            }
            if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal))
            {
                return (null, context => ProblemAsync(context, new ProblemDetails
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The key was used for another request",
                    Detail = $"This {Header} was sent before with a different request (method, address or body). Use a new key for a new request.",
                }));
            }
            if (existing.CompletedAt is not null) return (null, context => ReplayAsync(context, existing));
            if (existing.LockedUntil < now && existing.CommittedAt is null)
            {
                // The request that claimed it ended without saving anything (its node stopped): this one takes it over.
                var takenOver = await db.Set<IdempotencyKey>()
                    .Where(k => k.Id == existing.Id && k.LockedUntil == existing.LockedUntil && k.CommittedAt == null && k.CompletedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LockedUntil, now + Lease), cancellationToken);
                if (takenOver == 1) return (new IdempotencyClaim(existing.Id), null);
                continue;
            }
            if (existing.LockedUntil < now)
            {
                return (null, context => ProblemAsync(context, new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Done, but the answer was lost",
                    Detail = "The first request with this key was carried out, but the server stopped before it could answer. " +
                             "It is not done again; look the result up instead.",
                }));
            }
            var wait = (int)Math.Clamp(Math.Ceiling((existing.LockedUntil!.Value - now).TotalSeconds), 1, 2);
            return (null, context => ProblemAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The same request is still running",
                Detail = $"A request with this {Header} is still being handled. Retry in a moment to get its answer.",
                Extensions = { ["retryAfterSeconds"] = wait },
            }));
        }
    }

    private static async Task RunAsync(HttpContext context, RequestDelegate next, IdempotencyClaim claim, IServiceProvider services, TimeProvider time, ILogger logger)
    {
        context.Features.Set(claim);
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        using var running = new CancellationTokenSource();
        var heartbeat = HoldAsync(services, time, claim, running.Token);
        try
        {
            await next(context);
        }
        catch
        {
            await running.CancelAsync();
            await heartbeat;
            context.Response.Body = original;
            context.Features.Set<IdempotencyClaim>(null);
            if (!claim.Committed) await ForgetAsync(services, claim, logger);
            throw;
        }
        await running.CancelAsync();
        await heartbeat;
        context.Response.Body = original;
        context.Features.Set<IdempotencyClaim>(null);
        var status = context.Response.StatusCode;
        if (!claim.Committed && (status >= 500 || status == StatusCodes.Status429TooManyRequests))
        {
            await ForgetAsync(services, claim, logger);
        }
        else
        {
            var body = buffer.ToArray();
            var contentType = context.Response.ContentType;
            var location = context.Response.Headers.Location.ToString();
            try
            {
                await using var scope = services.CreateAsSystemScope();
                var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
                var now = time.GetUtcNow().UtcDateTime;
                await db.Set<IdempotencyKey>().Where(k => k.Id == claim.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(k => k.StatusCode, status)
                    .SetProperty(k => k.ContentType, contentType)
                    .SetProperty(k => k.Location, location.Length == 0 ? null : location)
                    .SetProperty(k => k.Body, body)
                    .SetProperty(k => k.CompletedAt, now)
                    .SetProperty(k => k.LockedUntil, (DateTime?)null), CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The answer to an idempotent request could not be kept; a retry after {Lease} is told it was done.", Lease);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Renews the key's lease while the request runs, so that a slow request keeps its key and only one whose node
    /// stopped loses it, <see cref="Lease"/> after its last renewal.
    /// </summary>
    private static async Task HoldAsync(IServiceProvider services, TimeProvider time, IdempotencyClaim claim, CancellationToken running)
    {
        using var timer = new PeriodicTimer(Lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(running))
            {
                try
                {
                    await using var scope = services.CreateAsSystemScope();
                    var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
                    var until = time.GetUtcNow().UtcDateTime + Lease;
                    await db.Set<IdempotencyKey>().Where(k => k.Id == claim.Id && k.CompletedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(k => k.LockedUntil, until), running);
                }
                catch (Exception)
                {
                    // The request ended meanwhile, or the database is away for a moment and the next tick tries again.
                    if (running.IsCancellationRequested) return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Lets the key go, so that a retry does the work (nothing of it was saved).</summary>
    private static async Task ForgetAsync(IServiceProvider services, IdempotencyClaim claim, ILogger logger)
    {
        try
        {
            await using var scope = services.CreateAsSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AllywardDbContext>();
            await db.Set<IdempotencyKey>().Where(k => k.Id == claim.Id && k.CommittedAt == null).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "An idempotency key could not be let go; a retry takes it over after {Lease}.", Lease);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyKey answer)
    {
        context.Response.StatusCode = answer.StatusCode ?? StatusCodes.Status200OK;
        if (answer.ContentType is { } type) context.Response.ContentType = type;
        if (answer.Location is { } location) context.Response.Headers.Location = location;
        context.Response.Headers[ReplayedHeader] = "true";
        if (answer.Body is { Length: > 0 } body) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task ProblemAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    internal static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

/// <summary>Deletes the keys older than <see cref="IdempotentRequests.Lifetime"/>.</summary>
public sealed class ForgetExpiredIdempotencyKeys(AllywardDbContext db, TimeProvider time)
{
    public Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<IdempotencyKey>().Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}

internal sealed class ForgetExpiredIdempotencyKeysWorker(IServiceScopeFactory scopes, ILogger<ForgetExpiredIdempotencyKeysWorker> logger)
    : Hosting.PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ForgetExpiredIdempotencyKeys>().RunAsync(cancellationToken);
}
