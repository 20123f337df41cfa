using System.Security.Claims;
using System.Text.Encodings.Web;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allyward.Platform.Tokens;

/// <summary>
/// Authenticates <c>Authorization: Bearer aw_…</c>. The principal is built by the same claims factory as a
/// cookie sign-in, so a token acts with exactly the rights and partner isolation of its user.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AllywardDbContext db, ConfigurationCache cache, IUserClaimsPrincipalFactory<AppUser> claims, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private sealed record TokenOfUser(ApiToken Token, AppUser User);

    /// <summary>
    /// One round trip for the token and its user, compiled once. Every API call needs them, so a node keeps them like
    /// configuration (ADR 0008): a save that changes a token or a user — revoked, deactivated, given another role —
    /// empties the cache on every node at once.
    /// </summary>
    private static readonly CompiledQuery<Func<AllywardDbContext, string, CancellationToken, Task<TokenOfUser?>>> FindByHash = new(() => EF.CompileAsyncQuery(
        (AllywardDbContext db, string hash, CancellationToken _) => db.ApiTokens.IgnoreQueryFilters().AsNoTracking() // AsSystem: a caller is identified before anyone knows whom it acts for
            .Where(t => t.Hash == hash)
            .Join(db.Users.IgnoreQueryFilters().AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new TokenOfUser(t, u)) // AsSystem: as above
            .SingleOrDefault()));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();

        var secret = header["Bearer ".Length..].Trim();
        var hash = ApiToken.HashOf(secret);
        var now = time.GetUtcNow().UtcDateTime;
        var found = await cache.FindAsync($"api-token|{hash}", ct => FindByHash.For(db)(db, hash, ct), Context.RequestAborted);
        if (found is null || !found.Token.IsValidAt(now)) return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        var (token, user) = (found.Token, found.User);
        if (!user.IsActive) return AuthenticateResult.Fail("The token's user is deactivated.");

        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
            // The cached copy too (a bulk update empties no cache), so that the next minute's calls do not write again.
            token.LastUsedAt = now;
        }
        var principal = await claims.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
