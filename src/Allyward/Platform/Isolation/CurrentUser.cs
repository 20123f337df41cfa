using System.Security.Claims;
using Allyward.Platform.Identity;

namespace Allyward.Platform.Isolation;

/// <summary>
/// Who is acting in this scope: the signed-in user of an HTTP request or a Blazor operation, the system (work that
/// said so with <see cref="ActAsSystem"/>), or nobody. Partner isolation binds to it and fails closed: nobody sees
/// no partner's data, a partner user sees its own organization's, vendor staff and the system see every partner's.
/// </summary>
public sealed class CurrentUser
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());
    private int _systemDepth;

    public ClaimsPrincipal Principal => _principal;
    public bool IsAuthenticated => _principal.Identity?.IsAuthenticated == true;
    public Guid? Id => _principal.UserId();
    public string Name => _principal.FindFirst(AllywardClaims.FullName)?.Value ?? _principal.Identity?.Name ?? "system";

    /// <summary>The partner the user belongs to; null for vendor staff, the system and nobody.</summary>
    public Guid? PartnerId => _principal.PartnerIdOf();

    public bool IsPartnerUser => PartnerId is not null;

    /// <summary>True while the scope acts as the system (see <see cref="ActAsSystem"/>).</summary>
    public bool IsSystem => _systemDepth > 0;

    /// <summary>Vendor staff and the system see every partner's data.</summary>
    internal bool SeesAllPartners => IsSystem || (IsAuthenticated && PartnerId is null);

    /// <summary>The one partner whose data the scope sees when it does not see all; no partner's (an id no partner has) for nobody.</summary>
    internal Guid VisiblePartnerId => PartnerId ?? Guid.Empty;

    public UserRole? Role => Enum.TryParse<UserRole>(_principal.FindFirst(AllywardClaims.Role)?.Value, out var role) ? role : null;
    public bool Can(string permission) => _principal.HasPermission(permission);

    public void Set(ClaimsPrincipal principal) => _principal = principal;

    /// <summary>
    /// True when the caller may read but change nothing (<see cref="Access.ReadOnly"/>); the DbContext then refuses
    /// every save with <see cref="ReadOnlyAccessException"/>, whatever the use case.
    /// </summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Applies what <see cref="CallerAccess"/> decided for a caller with some access.</summary>
    public void Restrict(Access access) => IsReadOnly = access == Access.ReadOnly;

    /// <summary>
    /// The scope acts as the system, which sees every partner's data, until the result is disposed: background work,
    /// start-up, seeding, sign-in and the look-ups that identify a caller. This (with <see cref="SystemAccess"/>) is
    /// the only way past partner isolation; an architecture test holds that nothing else bypasses it.
    /// </summary>
    public IDisposable ActAsSystem()
    {
        Interlocked.Increment(ref _systemDepth);
        return new SystemTurn(this);
    }

    private sealed class SystemTurn(CurrentUser user) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref user._systemDepth);
        }
    }
}
