using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Deals.Conflicts;

/// <summary>
/// One key an open deal's customer is filed under, so that conflict search is a few indexed equality lookups. A deal
/// that can no longer conflict (rejected, won, lost, expired) drops its keys, which keeps the index to the live few.
/// </summary>
public sealed class DealMatchKey
{
    public long Key { get; init; }
    public Guid DealId { get; init; }
}

internal sealed class DealMatchKeyConfiguration : IEntityTypeConfiguration<DealMatchKey>
{
    public void Configure(EntityTypeBuilder<DealMatchKey> key)
    {
        key.HasKey(k => new { k.Key, k.DealId });
        key.HasOne<Deal>().WithMany().HasForeignKey(k => k.DealId).OnDelete(DeleteBehavior.Cascade);
        key.HasIndex(k => k.DealId);
    }
}

/// <summary>
/// Blocking keys for <see cref="CustomerMatcher"/>: whenever the matcher takes two customers to be one company,
/// the keys one is looked up by (<see cref="Probes"/>) share at least one key with those the other is filed under
/// (<see cref="Filed"/>). So the database narrows a million registrations to a handful by index, and the matcher
/// judges only those.
/// <list type="bullet">
/// <item>the registrable domain — same domain;</item>
/// <item>the name without spaces — same name, and the same letters spaced differently;</item>
/// <item>for each word of five letters or more, all the other words in place plus that word's first two or last two
/// letters — a typo is confined to one word, and one edit cannot change both ends of a word that long. A single-word
/// name has no other words to narrow it, so its keys carry the word's length, and probes try lengths ±2.</item>
/// </list>
/// The one pair the keys miss is a long word with two typos, one in its first two letters and one in its last two.
/// </summary>
public static class MatchKeys
{
    private const int TypoWordLength = 5;

    public static IReadOnlyList<long> Filed(CustomerIdentity customer) => Keys(customer, lengthSlack: 0);

    /// <summary>Files a new deal; saved with the context's next save.</summary>
    public static void File(AllywardDbContext db, Deal deal) =>
        db.DealMatchKeys.AddRange(Filed(deal.Identity).Select(key => new DealMatchKey { Key = key, DealId = deal.Id }));

    /// <summary>Takes a closed deal out of conflict search; the keys go with the context's next save.</summary>
    public static async Task UnfileAsync(AllywardDbContext db, Guid dealId, CancellationToken cancellationToken) =>
        db.DealMatchKeys.RemoveRange(await db.DealMatchKeys.Where(k => k.DealId == dealId).ToListAsync(cancellationToken));

    public static IReadOnlyList<long> Probes(CustomerIdentity customer) => Keys(customer, lengthSlack: 2);

    private static IReadOnlyList<long> Keys(CustomerIdentity customer, int lengthSlack)
    {
        var keys = new List<string>();
        if (customer.Domain is { Length: > 0 } domain) keys.Add($"domain|{domain}");
        if (customer.CompactKey is { Length: > 0 } compact) keys.Add($"name|{compact}");

        var words = customer.NameKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Length < TypoWordLength) continue;
            if (words.Length == 1)
            {
                for (var length = Math.Max(TypoWordLength, word.Length - lengthSlack); length <= word.Length + lengthSlack; length++)
                {
                    keys.Add($"word|{length}|^{word[..2]}");
                    keys.Add($"word|{length}|${word[^2..]}");
                }
                continue;
            }
            var others = string.Join(' ', words.Where((_, j) => j != i));
            keys.Add($"words|{words.Length}|{i}|{others}|^{word[..2]}");
            keys.Add($"words|{words.Length}|{i}|{others}|${word[^2..]}");
        }
        return keys.Select(Hash).Distinct().ToList();
    }

    /// <summary>64 bits of SHA-256: a collision only adds a candidate, which the matcher then turns down.</summary>
    private static long Hash(string key) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Files open registrations that have no match keys yet (those registered before the keys existed).</summary>
public static class MatchKeyBackfill
{
    public static async Task<int> RunAsync(AllywardDbContext db, CancellationToken cancellationToken = default)
    {
        var filed = 0;
        var after = Guid.Empty;
        while (true)
        {
            var unfiled = await db.Deals.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.Status == DealStatus.Submitted || d.Status == DealStatus.Approved)
                .Where(d => d.Id > after && !db.DealMatchKeys.Any(k => k.DealId == d.Id))
                .OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.CustomerDomain, d.NameKey })
                .Take(1000).ToListAsync(cancellationToken);
            if (unfiled.Count == 0) return filed;
            after = unfiled[^1].Id;
            foreach (var deal in unfiled)
            {
                db.DealMatchKeys.AddRange(MatchKeys.Filed(new CustomerIdentity(deal.CustomerDomain, deal.NameKey))
                    .Select(key => new DealMatchKey { Key = key, DealId = deal.Id }));
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            filed += unfiled.Count;
        }
    }
}
