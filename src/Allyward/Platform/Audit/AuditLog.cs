using Allyward.Platform.Data;
using Microsoft.AspNetCore.Http;

namespace Allyward.Platform.Audit;

/// <summary>Records events that are not entity changes, such as sign-ins.</summary>
public sealed class AuditLog(AllywardDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    public async Task RecordAsync(string action, Guid? actorId, string actorName, string? entityType = null,
        string? entityId = null, Guid? partnerId = null, CancellationToken cancellationToken = default)
    {
        Add(action, actorId, actorName, entityType, entityId, partnerId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds an entry to the caller's unit of work, saved with the change it records.</summary>
    public void Add(string action, Guid? actorId, string actorName, string? entityType = null, string? entityId = null, Guid? partnerId = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            EntityType = entityType ?? "",
            EntityId = entityId,
            PartnerId = partnerId,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
}
