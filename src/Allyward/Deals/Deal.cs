using Allyward.Customers;
using Allyward.Deals.Conflicts;
using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Deals;

public enum DealStatus { Submitted, Approved, Rejected, Won, Lost, Expired }

/// <summary>How deal values read on pages, in e-mails and notifications (the API and CSV cells keep the enum names).</summary>
public static class DealLabels
{
    public static string Label(this DealStatus status) => status switch
    {
        DealStatus.Submitted => "Waiting for review",
        DealStatus.Approved => "Protected",
        DealStatus.Rejected => "Rejected",
        DealStatus.Won => "Won",
        DealStatus.Lost => "Lost",
        DealStatus.Expired => "Protection ended",
        _ => status.ToString(),
    };

    public static string Label(this ExtensionStatus status) => status switch
    {
        ExtensionStatus.Pending => "Waiting for a decision",
        ExtensionStatus.Granted => "Granted",
        ExtensionStatus.Declined => "Declined",
        _ => status.ToString(),
    };
}

/// <summary>A partner's registration of a customer opportunity, protected once approved.</summary>
public sealed class Deal : IPartnerOwned, IAudited, Platform.Data.IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PartnerId { get; init; }

    /// <summary>
    /// The distributor the registering reseller buys through, if any. It sees the deal read-only
    /// (<c>/api/v1/deals/distributed</c>); the deal stays the registering partner's.
    /// </summary>
    public Guid? DistributorId { get; set; }

    public string CustomerName { get; init; } = "";
    public string? CustomerWebsite { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string CustomerCountry { get; init; } = "";

    /// <summary>The customer's identity for conflict detection; see <see cref="CustomerIdentity"/>.</summary>
    public string? CustomerDomain { get; init; }

    public string NameKey { get; init; } = "";

    /// <summary>
    /// The <see cref="Conflicts.MatchKeys"/> the deal is filed under when it is registered: the database files them in
    /// <c>DealMatchKeys</c> as it inserts the deal (a trigger), one statement instead of one per key. Emptied when the
    /// deal closes.
    /// </summary>
    [Platform.Audit.NotAudited]
    public List<long> FiledKeys { get; set; } = [];

    public List<string> Products { get; init; } = [];

    private long _amountMinor;

    /// <summary>The amount in minor units (cents) of <see cref="Currency"/>: estimated, and the final one once won (<see cref="Close"/>).</summary>
    public long AmountMinor { get => _amountMinor; init => _amountMinor = value; }

    public string Currency { get; init; } = "";
    public DateOnly ExpectedCloseDate { get; init; }
    public string? Notes { get; init; }

    /// <summary>Answers to the program's custom fields, by field key.</summary>
    public Dictionary<string, string> CustomFields { get; init; } = [];

    /// <summary>Changes only through the moves below, each of which refuses an illegal one.</summary>
    public DealStatus Status { get; private set; } = DealStatus.Submitted;

    public DateTime SubmittedAt { get; init; }
    public Guid RegisteredById { get; init; }
    public string RegisteredByName { get; init; } = "";
    public DateTime? DecidedAt { get; private set; }
    public string? DecidedByName { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTime? ProtectedUntil { get; private set; }

    /// <summary>The day the deal was won or lost: won revenue counts, and converts between currencies, on this day.</summary>
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>When the registrant was told the protection ends soon (once per protection period).</summary>
    public DateTime? ExpiryReminderSentAt { get; private set; }

    /// <inheritdoc />
    public int Version { get; private set; }

    // Each move answers null when it is made, or why the deal refuses it.

    /// <summary>Submitted → Approved: protected until <paramref name="protectedUntil"/>.</summary>
    public string? Approve(DateTime at, string by, DateTime protectedUntil, string? reason = null)
    {
        if (Status != DealStatus.Submitted) return $"Only a submitted deal can be approved; this one is {Status.Label().ToLowerInvariant()}.";
        Status = DealStatus.Approved;
        (DecidedAt, DecidedByName, DecisionReason, ProtectedUntil) = (at, by, reason, protectedUntil);
        return null;
    }

    /// <summary>Submitted → Rejected, with the reason the partner is told. The deal leaves conflict search.</summary>
    public string? Reject(DateTime at, string by, string reason)
    {
        if (Status != DealStatus.Submitted) return $"Only a submitted deal can be rejected; this one is {Status.Label().ToLowerInvariant()}.";
        Status = DealStatus.Rejected;
        (DecidedAt, DecidedByName, DecisionReason) = (at, by, reason);
        FiledKeys = [];
        return null;
    }

    /// <summary>Approved → Won (at its final amount, if given) or Lost. The deal leaves conflict search.</summary>
    public string? Close(DealStatus outcome, DateOnly closedOn, long? wonAmount = null)
    {
        if (outcome is not (DealStatus.Won or DealStatus.Lost)) return "A deal closes as Won or Lost.";
        if (Status != DealStatus.Approved) return $"Only an approved deal can be won or lost; this one is {Status.Label().ToLowerInvariant()}.";
        if (wonAmount is not null && outcome != DealStatus.Won) return "Only a won deal has a final amount.";
        Status = outcome;
        ClosedOn = closedOn;
        if (wonAmount is { } final) _amountMinor = final;
        FiledKeys = [];
        return null;
    }

    /// <summary>Approved → Expired once the protection has ended. The deal leaves conflict search.</summary>
    public string? Expire(DateTime now)
    {
        if (Status != DealStatus.Approved) return $"Only an approved deal expires; this one is {Status.Label().ToLowerInvariant()}.";
        if (ProtectedUntil >= now) return $"The deal is protected until {ProtectedUntil:yyyy-MM-dd}.";
        Status = DealStatus.Expired;
        FiledKeys = [];
        return null;
    }

    /// <summary>An approved deal is protected <paramref name="days"/> longer, and reminded again before the new end.</summary>
    public string? ExtendProtection(int days, DateTime now)
    {
        if (Status != DealStatus.Approved) return $"The deal is {Status.Label().ToLowerInvariant()}; its protection cannot be extended.";
        ProtectedUntil = (ProtectedUntil ?? now).AddDays(days);
        ExpiryReminderSentAt = null;
        return null;
    }

    /// <summary>Records that the registrant was reminded of the end of protection; false when that was done already.</summary>
    public bool MarkExpiryReminded(DateTime at)
    {
        if (Status != DealStatus.Approved || ExpiryReminderSentAt is not null) return false;
        ExpiryReminderSentAt = at;
        return true;
    }

    public CustomerIdentity Identity => new(CustomerDomain, NameKey);
}

/// <summary>One immutable line of a deal's history.</summary>
public sealed class DealHistoryEntry : IPartnerOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DealId { get; init; }
    public Guid PartnerId { get; init; }
    public DateTime At { get; init; }
    public string ActorName { get; init; } = "";
    public string Action { get; init; } = "";
    public string? Detail { get; init; }
}

public enum ExtensionStatus { Pending, Granted, Declined }

/// <summary>A partner's request to protect an approved deal for longer, decided by the vendor.</summary>
public sealed class DealExtensionRequest : IPartnerOwned, IAudited, Platform.Data.IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DealId { get; init; }
    public Guid PartnerId { get; init; }
    public int Days { get; init; }
    public string Reason { get; init; } = "";
    public ExtensionStatus Status { get; private set; } = ExtensionStatus.Pending;
    public DateTime RequestedAt { get; init; }
    public Guid RequestedById { get; init; }
    public string RequestedByName { get; init; } = "";
    public DateTime? DecidedAt { get; private set; }
    public string? DecidedByName { get; private set; }
    public string? DecisionNote { get; private set; }

    /// <inheritdoc />
    public int Version { get; private set; }

    /// <summary>Pending → Granted or Declined; null when done, or why the request refuses it.</summary>
    public string? Decide(bool grant, DateTime at, string by, string? note)
    {
        if (Status != ExtensionStatus.Pending) return $"This request was already {Status.ToString().ToLowerInvariant()}.";
        Status = grant ? ExtensionStatus.Granted : ExtensionStatus.Declined;
        (DecidedAt, DecidedByName, DecisionNote) = (at, by, note);
        return null;
    }
}

internal sealed class DealExtensionRequestConfiguration : IEntityTypeConfiguration<DealExtensionRequest>
{
    public void Configure(EntityTypeBuilder<DealExtensionRequest> request)
    {
        request.ToTable("DealExtensionRequests");
        request.Property(r => r.Reason).HasMaxLength(1000);
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        request.Property(r => r.RequestedByName).HasMaxLength(200);
        request.Property(r => r.DecidedByName).HasMaxLength(200);
        request.Property(r => r.DecisionNote).HasMaxLength(1000);
        request.HasOne<Deal>().WithMany().HasForeignKey(r => r.DealId);
        request.HasIndex(r => new { r.DealId, r.Status });
    }
}

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> deal)
    {
        deal.ToTable("Deals");
        deal.Property(d => d.CustomerName).HasMaxLength(200);
        deal.Property(d => d.CustomerWebsite).HasMaxLength(300);
        deal.Property(d => d.ContactName).HasMaxLength(200);
        deal.Property(d => d.ContactEmail).HasMaxLength(256);
        deal.Property(d => d.CustomerCountry).HasMaxLength(2);
        deal.Property(d => d.CustomerDomain).HasMaxLength(300);
        deal.Property(d => d.NameKey).HasMaxLength(300);
        deal.Property(d => d.Currency).HasMaxLength(3);
        deal.Property(d => d.Notes).HasMaxLength(4000);
        deal.Property(d => d.CustomFields).HasConversion(
            values => System.Text.Json.JsonSerializer.Serialize(values, (System.Text.Json.JsonSerializerOptions?)null),
            json => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json, (System.Text.Json.JsonSerializerOptions?)null) ?? new Dictionary<string, string>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(), v => v.Count, v => new Dictionary<string, string>(v)));
        deal.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        deal.Property(d => d.RegisteredByName).HasMaxLength(200);
        deal.Property(d => d.DecidedByName).HasMaxLength(200);
        deal.Property(d => d.DecisionReason).HasMaxLength(1000);
        deal.ReferencesPartner(d => d.PartnerId);
        deal.ReferencesPartner(d => d.DistributorId).OnDelete(DeleteBehavior.Restrict);
        deal.HasIndex(d => new { d.DistributorId, d.SubmittedAt });
        deal.HasIndex(d => new { d.PartnerId, d.SubmittedAt });
        deal.HasIndex(d => new { d.PartnerId, d.Status, d.ClosedOn });
        deal.HasIndex(d => new { d.Status, d.SubmittedAt });
    }
}

internal sealed class DealHistoryEntryConfiguration : IEntityTypeConfiguration<DealHistoryEntry>
{
    public void Configure(EntityTypeBuilder<DealHistoryEntry> entry)
    {
        entry.ToTable("DealHistory");
        entry.Property(e => e.ActorName).HasMaxLength(200);
        entry.Property(e => e.Action).HasMaxLength(40);
        entry.Property(e => e.Detail).HasMaxLength(1000);
        entry.HasOne<Deal>().WithMany().HasForeignKey(e => e.DealId);
        entry.HasIndex(e => new { e.DealId, e.At });
    }
}
