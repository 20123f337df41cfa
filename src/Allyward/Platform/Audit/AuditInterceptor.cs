using System.Reflection;
using System.Text.Json;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Allyward.Platform.Audit;

/// <summary>
/// Writes an audit entry, in the same transaction, for every change to an <see cref="IAudited"/> entity,
/// refuses to alter existing audit entries, and refuses to save a partner's data on behalf of another partner. It is
/// the one place that detects a save's changes, so it also advances the versions of changed <see cref="IVersioned"/>
/// entities (<see cref="Versioning.Advance"/>) before the interceptors after it read them.
/// </summary>
internal sealed class AuditInterceptor(TimeProvider time, IHttpContextAccessor http) : SaveChangesInterceptor
{
    /// <summary>
    /// Secrets and the bookkeeping of signing in and saving (<see cref="AuditWords.Bookkeeping"/>): never recorded, so
    /// a sign-in, a failed attempt or a lockout running out is no "user updated" entry.
    /// </summary>
    private static readonly IReadOnlySet<string> AlwaysHidden = AuditWords.Bookkeeping;

    private static readonly JsonSerializerOptions ChangesJson = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AllywardDbContext db) Record(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AllywardDbContext db) Record(db);
        return ValueTask.FromResult(result);
    }

    private void Record(AllywardDbContext db)
    {
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        Versioning.Advance(tracker);
        // Detected once above; enumerating the entries would otherwise detect them all again.
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            RecordDetected(db, tracker);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void RecordDetected(AllywardDbContext db, ChangeTracker tracker)
    {
        var actor = db.CurrentUser;
        var now = time.GetUtcNow().UtcDateTime;
        var ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        var entries = new List<AuditEntry>();

        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit log is append-only.");
            }
            GuardPartnerOwnership(actor, entry);
            if (entry.Entity is not IAudited || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;

            var type = entry.Metadata.ClrType;
            entries.Add(new AuditEntry
            {
                At = now,
                ActorId = actor.Id,
                ActorName = actor.IsAuthenticated ? actor.Name : "system",
                Action = ActionName(type, entry.State),
                EntityType = type.Name,
                EntityId = entry.Properties.FirstOrDefault(p => p.Metadata.IsPrimaryKey())?.CurrentValue?.ToString(),
                PartnerId = PartnerOf(entry.Entity),
                Changes = JsonSerializer.Serialize(changes, ChangesJson),
                IpAddress = ip,
            });
        }
        db.AuditEntries.AddRange(entries);
    }

    private static void GuardPartnerOwnership(CurrentUser actor, EntityEntry entry)
    {
        if (actor.PartnerId is not { } partnerId || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            return;
        }
        var owner = PartnerOf(entry.Entity);
        if (owner is not null && owner != partnerId)
        {
            throw new InvalidOperationException($"A user of partner {partnerId} cannot change data of partner {owner}.");
        }
    }

    private static Guid? PartnerOf(object entity) => entity switch
    {
        IPartnerOrganization organization => organization.Id,
        AppUser user => user.PartnerId,
        IPartnerOwned owned => owned.PartnerId,
        _ => null,
    };

    private static string ActionName(Type type, EntityState state)
    {
        if (state == EntityState.Added && CreationNames.GetOrAdd(type, t => t.GetCustomAttribute<AuditCreationAsAttribute>()?.Action) is { } named)
        {
            return named;
        }
        var verb = state switch { EntityState.Added => "created", EntityState.Deleted => "deleted", _ => "updated" };
        return $"{KebabCase(type.Name)}.{verb}";
    }

    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Attributes are read once per property and type: every save looks at every changed property.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IReadOnlyPropertyBase, bool> NotAudited = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string?> CreationNames = new();

    private static bool IsNotAudited(IReadOnlyPropertyBase property) =>
        NotAudited.GetOrAdd(property, p => p.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is not null);

    private static Dictionary<string, object?> Changes(EntityEntry entry)
    {
        var changes = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (AlwaysHidden.Contains(name) || IsNotAudited(property.Metadata))
            {
                continue;
            }
            switch (entry.State)
            {
                case EntityState.Added:
                    changes[name] = new { before = (object?)null, after = property.CurrentValue };
                    break;
                case EntityState.Deleted:
                    changes[name] = new { before = property.OriginalValue, after = (object?)null };
                    break;
                case EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue):
                    changes[name] = new { before = property.OriginalValue, after = property.CurrentValue };
                    break;
            }
        }
        return changes;
    }
}
