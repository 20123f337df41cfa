using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Allyward.Platform.Audit;

/// <summary>
/// How the audit log reads to a person: an action code (<c>partner.stage-changed</c>) as words ("Partner stage
/// changed"), an entity type (<c>AppUser</c>) as a noun ("User"), a field and its values as words, and the
/// bookkeeping of sign-ins left out.
/// </summary>
public static partial class AuditWords
{
    /// <summary>
    /// Fields that are the bookkeeping of signing in and saving, not a change anyone made: never recorded, and
    /// hidden from entries recorded before they were left out.
    /// </summary>
    public static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string>(StringComparer.Ordinal)
    {
        "LastSignInAt", "SecurityStamp", "ConcurrencyStamp", "AccessFailedCount", "LockoutEnd", "LockoutEnabled",
        "NormalizedEmail", "NormalizedUserName", "PasswordHash", "Version", "LastUsedAt",
    };

    private static readonly Dictionary<string, string> Nouns = new(StringComparer.Ordinal)
    {
        ["app-user"] = "User", ["AppUser"] = "User",
        ["api-token"] = "API token", ["ApiToken"] = "API token",
        ["account"] = "Account",
        ["agreement"] = "Agreement", ["AgreementVersion"] = "Agreement", ["agreement-version"] = "Agreement",
        ["AgreementSignature"] = "Agreement signature", ["agreement-signature"] = "Agreement signature",
        ["PartnerStageTransition"] = "Partner stage", ["PartnerApplication"] = "Application", ["partner-application"] = "Application",
        ["StoredFile"] = "File", ["stored-file"] = "File",
        ["DealExtensionRequest"] = "Protection extension", ["deal-extension-request"] = "Protection extension",
        ["IdealProfileCriterion"] = "Ideal profile criterion", ["ideal-profile-criterion"] = "Ideal profile criterion",
    };

    /// <summary>"partner.stage-changed" → "Partner stage changed"; "app-user.updated" → "User updated".</summary>
    public static string Describe(string action)
    {
        var dot = action.IndexOf('.');
        if (dot < 0) return Sentence(action.Replace('-', ' '));
        var subject = action[..dot];
        var verb = action[(dot + 1)..].Replace('-', ' ').Replace('.', ' ');
        return $"{Noun(subject)} {verb}";
    }

    /// <summary>"AppUser" → "User"; "DealCustomField" → "Deal custom field".</summary>
    public static string Noun(string entityTypeOrCode) =>
        entityTypeOrCode.Length == 0 ? "" : Nouns.TryGetValue(entityTypeOrCode, out var noun) ? noun : Sentence(Words(entityTypeOrCode.Replace('-', ' ')));

    /// <summary>A field or code name in words: "ProtectedUntil" → "Protected until", "ManagedServiceProvider" → "Managed service provider".</summary>
    public static string Words(string name) =>
        Sentence(PascalBoundary().Replace(name, " $1").Trim().ToLowerInvariant());

    /// <summary>A recorded value as a person reads it: multi-word codes in words, times without their ticks, long text cut.</summary>
    public static string Value(string value)
    {
        if (MultiWordCode().IsMatch(value)) return Words(value);
        if (DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            && value.Length >= 19 && value[4] == '-' && value[10] == 'T')
        {
            return at.TimeOfDay == TimeSpan.Zero ? at.ToString("yyyy-MM-dd") : at.ToString("yyyy-MM-dd HH:mm");
        }
        return value.Length > 80 ? value[..77] + "…" : value;
    }

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"(?<=[a-z0-9])([A-Z])")]
    private static partial Regex PascalBoundary();

    [GeneratedRegex(@"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$")]
    private static partial Regex MultiWordCode();
}

/// <summary>
/// Finds the names of the objects audit entries are about, by convention: an audited entity's first property among
/// <see cref="NameProperties"/>, looked up by its id. Platform names no module: it reads the EF model.
/// </summary>
public sealed class AuditNames(AllywardDbContext db)
{
    public static readonly string[] NameProperties = ["Name", "FullName", "Title", "CustomerName", "CompanyName", "Label", "FileName", "SignerName", "Url"];

    /// <summary>The name of each (entity type, id) found, keyed "{type}/{id}"; and partner names keyed "partner/{id}".</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IEnumerable<(string EntityType, string? EntityId, Guid? PartnerId)> rows, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = rows.ToList();
        var byType = list.Where(r => r.EntityId is not null && Guid.TryParse(r.EntityId, out _))
            .GroupBy(r => r.EntityType).ToList();
        foreach (var group in byType)
        {
            var type = db.Model.GetEntityTypes().FirstOrDefault(t => t.ClrType.Name == group.Key && !t.IsOwned());
            if (type is null || NameOf(type) is not { } property) continue;
            var ids = group.Select(r => Guid.Parse(r.EntityId!)).Distinct().ToList();
            foreach (var (id, name) in await NamesAsync(type.ClrType, property, ids, cancellationToken)) names[$"{group.Key}/{id}"] = name;
        }
        var partnerType = db.Model.GetEntityTypes().FirstOrDefault(t => typeof(IPartnerOrganization).IsAssignableFrom(t.ClrType));
        var partnerIds = list.Where(r => r.PartnerId is not null).Select(r => r.PartnerId!.Value).Distinct().ToList();
        if (partnerType is not null && NameOf(partnerType) is { } partnerName && partnerIds.Count > 0)
        {
            foreach (var (id, name) in await NamesAsync(partnerType.ClrType, partnerName, partnerIds, cancellationToken)) names[$"partner/{id}"] = name;
        }
        return names;
    }

    /// <summary>The kinds of audited objects, by entity type and in words, for a filter.</summary>
    public IReadOnlyList<(string EntityType, string Kind)> Kinds() =>
        db.Model.GetEntityTypes().Where(t => typeof(IAudited).IsAssignableFrom(t.ClrType) && !t.IsOwned())
            .Select(t => (t.ClrType.Name, AuditWords.Noun(t.ClrType.Name))).Distinct().OrderBy(k => k.Item2).ToList();

    private static string? NameOf(IEntityType type) =>
        NameProperties.FirstOrDefault(n => type.FindProperty(n) is { ClrType: var t } && t == typeof(string))
        is { } found && type.FindPrimaryKey() is { Properties: [{ ClrType: var key }] } && key == typeof(Guid) ? found : null;

    private Task<List<(Guid, string)>> NamesAsync(Type clrType, string property, List<Guid> ids, CancellationToken cancellationToken) =>
        (Task<List<(Guid, string)>>)typeof(AuditNames).GetMethod(nameof(NamesOfAsync), BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(clrType).Invoke(this, [property, ids, cancellationToken])!;

    private async Task<List<(Guid, string)>> NamesOfAsync<T>(string property, List<Guid> ids, CancellationToken cancellationToken) where T : class
    {
        var rows = await db.Set<T>().AsNoTracking()
            .Where(e => ids.Contains(EF.Property<Guid>(e, "Id")))
            .Select(e => new { Id = EF.Property<Guid>(e, "Id"), Name = EF.Property<string>(e, property) })
            .ToListAsync(cancellationToken);
        return rows.Where(r => !string.IsNullOrEmpty(r.Name)).Select(r => (r.Id, r.Name)).ToList();
    }
}
