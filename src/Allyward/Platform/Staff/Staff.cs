using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Staff;

/// <summary>The vendor's own people: program admins invite and deactivate staff in the vendor roles.</summary>
public sealed class StaffHandler(AllywardDbContext db, UserAccounts accounts, CurrentUser currentUser)
{
    public const string VendorName = "the vendor team";

    public Task<Paged<UserItem>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        db.Users.AsNoTracking().Where(u => u.PartnerId == null)
            .OrderBy(u => u.FullName).ThenBy(u => u.Id)
            .Select(u => new UserItem(u.Id, u.Email!, u.FullName, u.Role, u.PartnerId, u.IsActive, u.PasswordHash == null, u.LastSignInAt, u.TwoFactorEnabled))
            .ToPageAsync(page, cancellationToken);

    public Task<Outcome<UserItem>> InviteAsync(InviteUserRequest request, CancellationToken cancellationToken = default) =>
        accounts.InviteAsync(null, VendorName, request, cancellationToken);

    public async Task<Outcome<UserItem>> DeactivateAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.PartnerId == null, cancellationToken);
        return user is null
            ? Outcome<UserItem>.NotFound("No such staff member.")
            : await accounts.DeactivateAsync(user, currentUser.Id, cancellationToken);
    }
}

internal static class StaffEndpoints
{
    public static void MapStaff(this IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/staff").WithTags("Vendor staff").RequireAuthorization(PlatformPermissions.ManageVendorStaff);

        staff.MapGet("/", async ([AsParameters] PageQuery paging, StaffHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(page => handler.ListAsync(page, ct)))
            .WithSummary("Vendor staff");

        staff.MapPost("/", async (InviteUserRequest request, StaffHandler handler, CancellationToken ct) =>
                (await handler.InviteAsync(request, ct)).ToHttp(u => TypedResults.Created($"/api/v1/staff/{u.Id}", u)))
            .WithSummary("Invite a member of the vendor staff in a vendor role");

        staff.MapDelete("/{userId:guid}", async (Guid userId, StaffHandler handler, CancellationToken ct) =>
                (await handler.DeactivateAsync(userId, ct)).ToHttp())
            .WithSummary("Deactivate a member of the vendor staff");
    }
}
