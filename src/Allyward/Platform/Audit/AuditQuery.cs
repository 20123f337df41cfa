using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Audit;

public sealed record AuditFilter(string? Action = null, string? EntityType = null, string? EntityId = null, Guid? ActorId = null,
    Guid? PartnerId = null, DateTime? From = null, DateTime? To = null, string? Search = null);

public sealed record AuditItem(Guid Id, DateTime At, Guid? ActorId, string ActorName, string Action, string EntityType,
    string? EntityId, Guid? PartnerId, string? Changes, string? IpAddress)
{
    /// <summary>The changed fields as (field, before, after), for reading rather than parsing.</summary>
    public IEnumerable<(string Field, string Before, string After)> ChangedFields()
    {
        if (string.IsNullOrEmpty(Changes)) yield break;
        using var document = System.Text.Json.JsonDocument.Parse(Changes);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            yield return (field.Name, Show(field.Value.GetProperty("before")), Show(field.Value.GetProperty("after")));
        }
    }

    private static string Show(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null => "—",
        System.Text.Json.JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };
}

public sealed class AuditQuery(AllywardDbContext db)
{
    public async Task<Outcome<Paged<AuditItem>>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        page.Validate(errors);
        if (filter.From > filter.To) errors.Add("from", "The start of the period is after its end.");
        if (errors.Any) return Outcome<Paged<AuditItem>>.Invalid(errors);

        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action)) entries = entries.Where(e => e.Action.StartsWith(filter.Action));
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) entries = entries.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityId)) entries = entries.Where(e => e.EntityId == filter.EntityId);
        if (filter.ActorId is { } actor) entries = entries.Where(e => e.ActorId == actor);
        if (filter.PartnerId is { } partner) entries = entries.Where(e => e.PartnerId == partner);
        if (filter.From is { } from) entries = entries.Where(e => e.At >= from);
        if (filter.To is { } to) entries = entries.Where(e => e.At <= to);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            entries = entries.Where(e => e.ActorName.ToLower().Contains(term) || e.Action.Contains(term) || (e.EntityId != null && e.EntityId.Contains(term)));
        }
        return await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new AuditItem(e.Id, e.At, e.ActorId, e.ActorName, e.Action, e.EntityType, e.EntityId, e.PartnerId, e.Changes, e.IpAddress))
            .ToPageAsync(page, cancellationToken);
    }
}
