using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Allyward.Deals.RegisterDeal;

/// <summary>How many deals a person and a partner may register per minute (configuration section <c>Deals</c>); 0 lifts a limit.</summary>
public sealed class DealRegistrationOptions
{
    public int RegistrationsPerUserPerMinute { get; set; } = 30;
    public int RegistrationsPerPartnerPerMinute { get; set; } = 120;
}

/// <summary>
/// Limits registrations per user and per partner, so that one script or one partner cannot flood the review queue and
/// the conflict search. Each limit is a token bucket refilled evenly over the minute, so a burst up to the limit passes
/// and then one registration per refill. The buckets live in the node's memory: on several nodes each node counts alone.
/// </summary>
public sealed class RegistrationLimits : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _perUser;
    private readonly PartitionedRateLimiter<Guid> _perPartner;

    public RegistrationLimits(IOptions<DealRegistrationOptions> options)
    {
        _perUser = Limiter(options.Value.RegistrationsPerUserPerMinute);
        _perPartner = Limiter(options.Value.RegistrationsPerPartnerPerMinute);
    }

    /// <summary>Takes one registration from both allowances; null when it may go ahead, otherwise how long to wait.</summary>
    public TimeSpan? TryTake(Guid userId, Guid partnerId)
    {
        using var user = _perUser.AttemptAcquire(userId);
        if (!user.IsAcquired) return RetryAfter(user);
        using var partner = _perPartner.AttemptAcquire(partnerId);
        return partner.IsAcquired ? null : RetryAfter(partner);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);

    private static PartitionedRateLimiter<Guid> Limiter(int perMinute) => PartitionedRateLimiter.Create<Guid, Guid>(key => perMinute <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _perUser.Dispose();
        _perPartner.Dispose();
    }
}
