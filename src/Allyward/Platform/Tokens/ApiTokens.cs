using System.ComponentModel.DataAnnotations;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Tokens;

public sealed record CreateTokenRequest
{
    /// <summary>The user the token acts as; defaults to the caller.</summary>
    public Guid? UserId { get; init; }

    [Required(ErrorMessage = "Give the token a name."), StringLength(100, MinimumLength = 1, ErrorMessage = "The name must be 1 to 100 characters.")]
    public string Name { get; init; } = "";

    [Range(1, 365, ErrorMessage = "A token expires after 1 to 365 days.")]
    public int ExpiresInDays { get; init; } = 90;
}

public sealed record CreatedToken(Guid Id, string Name, Guid UserId, DateTime ExpiresAt, string Token);

public sealed record TokenItem(Guid Id, string Name, string Hint, Guid UserId, string UserEmail, DateTime CreatedAt, DateTime ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>
/// Program admins manage tokens of any user; partner admins those of their own organization's users
/// (the user and token query filters keep other organizations out of sight).
/// </summary>
public sealed class ApiTokens(AllywardDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public bool CanManage => currentUser.Can(PlatformPermissions.ManageAllTokens) || currentUser.Can(PlatformPermissions.ManageOrganizationTokens);

    /// <summary>Creates a token; <paramref name="asSystem"/> is the operator command line, which acts for any user.</summary>
    public async Task<Outcome<CreatedToken>> CreateAsync(CreateTokenRequest request, bool asSystem = false, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (errors.Any) return Outcome<CreatedToken>.Invalid(errors);

        var userId = request.UserId ?? currentUser.Id;
        var user = userId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return Outcome<CreatedToken>.NotFound("No such user.");
        if (!user.IsActive) return Outcome<CreatedToken>.Conflict("The user is deactivated.");

        var now = time.GetUtcNow().UtcDateTime;
        var secret = ApiToken.NewSecret();
        var token = new ApiToken
        {
            UserId = user.Id,
            PartnerId = user.PartnerId,
            Name = request.Name.Trim(),
            Hint = secret[..9],
            Hash = ApiToken.HashOf(secret),
            CreatedAt = now,
            CreatedById = asSystem ? null : currentUser.Id,
            ExpiresAt = now.AddDays(request.ExpiresInDays),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(token.Id, token.Name, user.Id, token.ExpiresAt, secret);
    }

    public Task<Paged<TokenItem>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        (from t in db.ApiTokens
         join u in db.Users on t.UserId equals u.Id
         orderby t.CreatedAt descending
         select new TokenItem(t.Id, t.Name, t.Hint, t.UserId, u.Email!, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))
        .ToPageAsync(page, cancellationToken);

    public async Task<Outcome<TokenItem>> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null) return Outcome<TokenItem>.NotFound("No such token.");
        token.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var email = await db.Users.AsSystem().Where(u => u.Id == token.UserId).Select(u => u.Email!).SingleAsync(cancellationToken);
        return new TokenItem(token.Id, token.Name, token.Hint, token.UserId, email, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt);
    }
}

internal static class ApiTokenEndpoints
{
    public static void MapApiTokens(this IEndpointRouteBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("API tokens")
            .RequireAuthorization(policy => policy.RequireAssertion(context =>
                context.User.HasPermission(PlatformPermissions.ManageAllTokens) ||
                context.User.HasPermission(PlatformPermissions.ManageOrganizationTokens)));

        tokens.MapGet("/", async ([AsParameters] PageQuery query, ApiTokens service, CancellationToken ct) =>
                await query.ToHttpAsync(page => service.ListAsync(page, ct)))
            .WithSummary("List API tokens you may manage");

        tokens.MapPost("/", async (CreateTokenRequest request, ApiTokens service, CancellationToken ct) =>
                (await service.CreateAsync(request, cancellationToken: ct)).ToHttp(created => TypedResults.Created($"/api/v1/tokens/{created.Id}", created)))
            .WithSummary("Create an API token for a user; the token is in the answer and never shown again");

        tokens.MapDelete("/{tokenId:guid}", async (Guid tokenId, ApiTokens service, CancellationToken ct) =>
                (await service.RevokeAsync(tokenId, ct)).ToHttp())
            .WithSummary("Revoke an API token");
    }
}
