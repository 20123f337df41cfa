using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Allyward.Platform.Data;

/// <summary>
/// What admins change rarely and requests read constantly — configuration, the API tokens and users every call
/// authenticates with, and the partners deals are registered for; nodes keep it in <see cref="ConfigurationCache"/>.
/// </summary>
public interface ICachedConfiguration;

/// <summary>
/// Keeps rarely changed configuration (deal rules, custom fields, webhook subscriptions), the API tokens in use with
/// their users, and partners with their channel account manager in memory, so hot paths such as authenticating an
/// API call or registering a deal do not read them on every request. A save that changes an
/// <see cref="ICachedConfiguration"/> entity empties the cache of its node at once and, on PostgreSQL, of every
/// other node through <c>NOTIFY</c> (<see cref="ConfigurationChangeListener"/>). Entries also expire after
/// <see cref="Lifetime"/>, which bounds how stale a node can be if it missed a notification. Cached values are
/// shared between requests: callers must not change them.
/// </summary>
public sealed class ConfigurationCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private long _generation;

    private sealed record Entry(object Value, long Generation, DateTimeOffset LoadedAt);

    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) where T : class =>
        await FindAsync<T>(key, load!, cancellationToken)
        ?? throw new InvalidOperationException($"Cached configuration '{key}' loaded as nothing.");

    /// <summary>The value under <paramref name="key"/>, loaded when missing or stale; nothing is kept when nothing is found.</summary>
    public async Task<T?> FindAsync<T>(string key, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken) where T : class
    {
        var generation = Interlocked.Read(ref _generation);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation && now - entry.LoadedAt < Lifetime)
        {
            return (T)entry.Value;
        }
        var value = await load(cancellationToken);
        // Stamped with the generation read before loading: a change saved meanwhile makes the next call load again.
        if (value is null) _entries.TryRemove(key, out _);
        else _entries[key] = new Entry(value, generation, now);
        return value;
    }

    private long _changesSavedHere;

    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>Empties the cache for a change this node saved (other nodes hear of it separately).</summary>
    public void InvalidateForOwnChange()
    {
        Interlocked.Increment(ref _changesSavedHere);
        Invalidate();
    }

    /// <summary>How many times this node's cache was emptied since it started, for its own changes or other nodes'.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How many saves on this node changed cached configuration since it started.</summary>
    public long ChangesSavedHere => Interlocked.Read(ref _changesSavedHere);
}

/// <summary>Empties the configuration caches, here and on the other nodes, after a save that changed cached configuration.</summary>
internal sealed class ConfigurationChangeInterceptor(ConfigurationCache cache) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Changed(eventData.Context) is { } db)
        {
            cache.InvalidateForOwnChange();
            if (db.Database.IsNpgsql()) db.Database.ExecuteSqlRaw(ConfigurationChangeListener.NotifySql);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Changed(eventData.Context) is { } db) await InvalidateEverywhereAsync(cache, db);
        return result;
    }

    /// <summary>
    /// Empties the caches here and on the other nodes after a save. The change is committed already, so the
    /// announcement is not given up when the caller stops waiting.
    /// </summary>
    private static async Task InvalidateEverywhereAsync(ConfigurationCache cache, AllywardDbContext db)
    {
        cache.InvalidateForOwnChange();
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(ConfigurationChangeListener.NotifySql, CancellationToken.None);
    }

    /// <summary>
    /// What a sign-in or an API call writes on a user or a token, which no cached copy depends on: saving only these
    /// empties no cache, so a busy sign-in page does not make every node reload its configuration.
    /// </summary>
    private static readonly HashSet<string> Bookkeeping =
    [
        nameof(Identity.AppUser.LastSignInAt), nameof(Identity.AppUser.AccessFailedCount), nameof(Identity.AppUser.LockoutEnd),
        nameof(Identity.AppUser.ConcurrencyStamp), nameof(Tokens.ApiToken.LastUsedAt),
    ];

    private static void Note(DbContext? context)
    {
        if (context is not AllywardDbContext db) return;
        // The audit interceptor, registered first, has just detected the changes; looking again costs a second pass.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            db.SavesCachedConfiguration = db.ChangeTracker.Entries<ICachedConfiguration>().Any(e => e.State switch
            {
                EntityState.Added or EntityState.Deleted => true,
                // Identity's UserManager marks every property of a user modified; only a value that differs counts.
                EntityState.Modified => e.Properties.Any(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue)),
                _ => false,
            });
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static AllywardDbContext? Changed(DbContext? context)
    {
        if (context is not AllywardDbContext { SavesCachedConfiguration: true } db) return null;
        db.SavesCachedConfiguration = false;
        return db;
    }
}

/// <summary>On PostgreSQL, listens for configuration changes saved by any node and empties this node's cache.</summary>
internal sealed class ConfigurationChangeListener(IConfiguration configuration, ConfigurationCache cache, ILogger<ConfigurationChangeListener> logger)
    : BackgroundService
{
    public const string Channel = "allyward_configuration";
    public const string NotifySql = $"NOTIFY {Channel}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (provider, connectionString) = DatabaseSetup.Resolve(configuration);
        if (provider != DatabaseProvider.Postgres) return;
        // A connection of its own, outside the pool: LISTEN is session state that must not reach other work.
        var listening = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listening);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Whatever changed while this node was not listening is unknown: start afresh.
                cache.Invalidate();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for configuration changes failed; cached configuration expires within {Lifetime} until it works again.", ConfigurationCache.Lifetime);
                try { await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
