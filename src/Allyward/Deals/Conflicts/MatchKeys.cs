using Allyward.Customers;
using Allyward.Platform.Modules;
using Microsoft.Extensions.Logging;
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
        key.ToTable("DealMatchKeys");
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
/// <item>in a name of several words, for each word but a first one under three letters, all the other words in place
/// plus that word's first or last three letters (two in words under seven letters, one in words under four) — a typo
/// stays inside one word, and one edit cannot change both ends of a word that long (a swap in a two-letter word can,
/// and the matcher does not take it for a typo);</item>
/// <item>a name ending in what may be a slipped two-letter legal form ("Acme Energy A"), the name without it;</item>
/// <item>a one-word name, with each of its letters left out in turn — two words one edit apart share such a form —
/// and, from eight letters on, where two edits are allowed, its first or last three letters with its length.</item>
/// </list>
/// The one pair the keys miss is a long word with two typos, one near each end. Changing how keys are made needs a
/// migration that empties <c>DealMatchKeys</c>; start-up then files every open deal again.
/// </summary>
public static class MatchKeys
{
    /// <summary>A typo in a one-word name needs a word of five letters or more; one letter dropped, it has four.</summary>
    private const int TypoWordLength = 4;
    private const int TwoTypoWordLength = 8;

    public static IReadOnlyList<long> Filed(CustomerIdentity customer) => Keys(customer, probe: false);

    public static IReadOnlyList<long> Probes(CustomerIdentity customer) => Keys(customer, probe: true);

    /// <summary>Files a new deal: the database files its keys when the deal is inserted.</summary>
    public static void File(Deal deal) => deal.FiledKeys = [.. Filed(deal.Identity)];

    /// <summary>
    /// Takes a closed deal out of conflict search: its filed keys go with the context's next save, and so does the list
    /// it carried for filing, which would otherwise stay on every closed deal for good.
    /// </summary>
    public static async Task UnfileAsync(AllywardDbContext db, Deal deal, CancellationToken cancellationToken)
    {
        deal.FiledKeys = [];
        await UnfileAsync(db, deal.Id, cancellationToken);
    }

    /// <summary>Takes a closed deal out of conflict search when its row is updated apart (the caller empties <see cref="Deal.FiledKeys"/>).</summary>
    public static async Task UnfileAsync(AllywardDbContext db, Guid dealId, CancellationToken cancellationToken) =>
        db.DealMatchKeys.RemoveRange(await db.DealMatchKeys.Where(k => k.DealId == dealId).ToListAsync(cancellationToken));

    private static IReadOnlyList<long> Keys(CustomerIdentity customer, bool probe)
    {
        var keys = new List<string>();
        if (customer.Domain is { Length: > 0 } domain) keys.Add($"domain|{domain}");
        if (customer.CompactKey is { Length: > 0 } compact) keys.Add($"name|{compact}");

        var words = customer.NameKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1) OneWordKeys(words[0], probe, keys);
        else
        {
            for (var i = 0; i < words.Length; i++)
            {
                var word = words[i];
                // The matcher takes no slip in a first word under three letters ("AA" / "AAA").
                if (i == 0 && word.Length < 3) continue;
                var others = string.Join(' ', words.Where((_, j) => j != i));
                foreach (var ends in EndLengths(word.Length, probe))
                {
                    keys.Add($"words|{words.Length}|{i}|{others}|^{word[..ends]}");
                    keys.Add($"words|{words.Length}|{i}|{others}|${word[^ends..]}");
                }
            }
            if (CustomerIdentity.IsSlippedTwoLetterForm(words[^1])) keys.Add($"name|{string.Concat(words[..^1])}");
        }
        return keys.Select(Hash).Distinct().ToList();
    }

    /// <summary>
    /// How many letters of each end identify a word: three from seven letters on, two from four, one in shorter words
    /// (a swap of two middle letters in a six-letter word touches both its first and its last three). The other word of
    /// a typo may be a letter longer or shorter, two where either has eight letters or more, so a probe tries every
    /// length it could be filed with.
    /// </summary>
    private static IEnumerable<int> EndLengths(int length, bool probe)
    {
        static int For(int length) => length >= 7 ? 3 : length >= 4 ? 2 : 1;
        if (!probe) return [For(length)];
        return Enumerable.Range(length - 2, 5)
            .Where(other => other >= 1 && Math.Abs(other - length) <= (Math.Max(other, length) >= TwoTypoWordLength ? 2 : 1))
            .Select(For).Distinct().Where(ends => ends <= length);
    }

    private static void OneWordKeys(string word, bool probe, List<string> keys)
    {
        if (word.Length < TypoWordLength) return;
        keys.Add($"word|{word}");
        for (var i = 0; i < word.Length; i++) keys.Add($"word|{word.Remove(i, 1)}");
        if (word.Length + (probe ? 2 : 0) < TwoTypoWordLength) return;
        var lengths = probe ? Enumerable.Range(word.Length - 2, 5).Where(l => l >= TwoTypoWordLength) : [word.Length];
        foreach (var length in lengths)
        {
            keys.Add($"long|{length}|^{word[..3]}");
            keys.Add($"long|{length}|${word[^3..]}");
        }
    }

    /// <summary>64 bits of SHA-256: a collision only adds a candidate, which the matcher then turns down.</summary>
    private static long Hash(string key) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>
/// Files the open registrations when no deal is filed yet: after the migration that brought the keys, or one that
/// emptied them because the way keys are made changed. Otherwise start-up pays one indexed look.
/// </summary>
/// <summary>Files the open deals of a database that has none filed yet (one that predates the match keys).</summary>
internal sealed class FileOpenDeals(AllywardDbContext db, ILogger<FileOpenDeals> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var filed = await MatchKeyBackfill.RunAsync(db, cancellationToken);
        if (filed > 0) logger.LogInformation("Filed {Count} open deal(s) for conflict search", filed);
    }
}

public static class MatchKeyBackfill
{
    public static async Task<int> RunAsync(AllywardDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.DealMatchKeys.AnyAsync(cancellationToken)) return 0;
        var filed = 0;
        var after = Guid.Empty;
        while (true)
        {
            var unfiled = await db.Deals.AsNoTracking()
                .Where(d => d.Status == DealStatus.Submitted || d.Status == DealStatus.Approved)
                .Where(d => d.Id > after && !db.Set<DealMatchKey>().Any(k => k.DealId == d.Id))
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
