using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Audit;

public sealed record AuditFilter(string? Action = null, string? EntityType = null, string? EntityId = null, Guid? ActorId = null,
    Guid? PartnerId = null, DateTime? From = null, DateTime? To = null);

public sealed record AuditItem(Guid Id, DateTime At, Guid? ActorId, string ActorName, string Action, string EntityType,
    string? EntityId, Guid? PartnerId, string? Changes, string? IpAddress)
{
    /// <summary>What happened, in words: "Partner stage changed", "User updated".</summary>
    public string Description => AuditWords.Describe(Action);

    /// <summary>The kind of object in words ("User", "Deal"), empty when the entry is about no object.</summary>
    public string EntityKind => AuditWords.Noun(EntityType);

    /// <summary>The object's name (a partner's, user's, deal customer's, agreement's title), when it has one and still exists.</summary>
    public string? EntityName { get; init; }

    /// <summary>The name of the partner the entry concerns, if any.</summary>
    public string? PartnerName { get; init; }

    /// <summary>The changed fields in words as (field, before, after), without sign-in bookkeeping.</summary>
    public IEnumerable<(string Field, string Before, string After)> ChangedFields()
    {
        if (string.IsNullOrEmpty(Changes)) yield break;
        using var document = System.Text.Json.JsonDocument.Parse(Changes);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            // The object's own id is the entry's; the bookkeeping of signing in and saving is no change.
            if (field.Name == "Id" || AuditWords.Bookkeeping.Contains(field.Name)) continue;
            var before = Show(field.Value.GetProperty("before"));
            var after = Show(field.Value.GetProperty("after"));
            // A creation lists every field; the empty ones say nothing.
            if (before == "—" && after is "—" or "" or "[]" or "false" or "0") continue;
            yield return (AuditWords.Words(field.Name), before, after);
        }
    }

    private static string Show(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null => "—",
        System.Text.Json.JsonValueKind.String => AuditWords.Value(value.GetString() ?? ""),
        System.Text.Json.JsonValueKind.True => "yes",
        System.Text.Json.JsonValueKind.False => "no",
        System.Text.Json.JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Show)),
        _ => AuditWords.Value(value.GetRawText()),
    };
}

/// <summary>The audit log, newest first unless sorted otherwise, filtered and searched by actor, action or id; also as CSV.</summary>
public sealed class AuditQuery(AllywardDbContext db, AuditNames names)
{
    private static readonly ListShape<AuditEntry, AuditItem> Shape = new ListShape<AuditEntry, AuditItem>(
            e => e.Id,
            e => new AuditItem(e.Id, e.At, e.ActorId, e.ActorName, e.Action, e.EntityType, e.EntityId, e.PartnerId, e.Changes, e.IpAddress),
            defaultSort: "-at")
        .SortBy("at", e => e.At)
        .SortBy("actor", e => e.ActorName)
        .SortBy("action", e => e.Action)
        .Column("at", e => e.At.ToString("O"))
        .Column("actor_id", e => e.ActorId?.ToString())
        .Column("actor", e => e.ActorName)
        .Column("action", e => e.Action)
        .Column("description", e => AuditWords.Describe(e.Action))
        .Column("entity_type", e => e.EntityType)
        .Column("entity_id", e => e.EntityId)
        .Column("partner_id", e => e.PartnerId?.ToString())
        .Column("changes", e => e.Changes)
        .Column("ip_address", e => e.IpAddress);

    public async Task<Outcome<Paged<AuditItem>>> ListAsync(AuditFilter filter, ListQuery query, CancellationToken cancellationToken = default)
    {
        if (Invalid(filter) is { } errors) return Outcome<Paged<AuditItem>>.Invalid(errors);
        var outcome = await Shape.PageAsync(Rows(filter, query), query, cancellationToken);
        if (outcome.Value is not { } page) return outcome;
        var found = await names.ResolveAsync(page.Items.Select(i => (i.EntityType, i.EntityId, i.PartnerId)), cancellationToken);
        return page with
        {
            Items = page.Items.Select(i => i with
            {
                EntityName = found.GetValueOrDefault($"{i.EntityType}/{i.EntityId}"),
                PartnerName = i.PartnerId is { } partner ? found.GetValueOrDefault($"partner/{partner}") : null,
            }).ToList(),
        };
    }

    public Task<Outcome<byte[]>> ExportCsvAsync(AuditFilter filter, ListQuery query, CancellationToken cancellationToken = default) =>
        Invalid(filter) is { } errors ? Task.FromResult(Outcome<byte[]>.Invalid(errors)) : Shape.CsvAsync(Rows(filter, query), query, cancellationToken);

    private static ValidationErrors? Invalid(AuditFilter filter)
    {
        var errors = new ValidationErrors();
        if (filter.From > filter.To) errors.Add("from", "The start of the period is after its end.");
        return errors.Any ? errors : null;
    }

    private IQueryable<AuditEntry> Rows(AuditFilter filter, ListQuery query)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action)) entries = entries.Where(e => e.Action.StartsWith(filter.Action));
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) entries = entries.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityId)) entries = entries.Where(e => e.EntityId == filter.EntityId);
        if (filter.ActorId is { } actor) entries = entries.Where(e => e.ActorId == actor);
        if (filter.PartnerId is { } partner) entries = entries.Where(e => e.PartnerId == partner);
        if (filter.From is { } from) entries = entries.Where(e => e.At >= from);
        if (filter.To is { } to) entries = entries.Where(e => e.At <= to);
        if (query.SearchText is { } search)
        {
            var term = search.ToLower();
            entries = entries.Where(e => e.ActorName.ToLower().Contains(term) || e.Action.Contains(term) || (e.EntityId != null && e.EntityId.Contains(term)));
        }
        return entries;
    }
}
