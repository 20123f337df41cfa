using Allyward.Platform.Audit;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Allyward.Platform.Api;

internal static class PlatformEndpoints
{
    public sealed record UnreadCount(int Count);

    public sealed record Me(Guid Id, string Email, string FullName, UserRole Role, Guid? PartnerId, IEnumerable<string> Permissions);

    /// <summary>The audit log's query string: the list kit's paging, sort and search, and the log's filters.</summary>
    public sealed record AuditListQuery(string? Action, string? EntityType, string? EntityId, Guid? ActorId, Guid? PartnerId,
        DateTime? From, DateTime? To, string? Search, int? Page, int? PageSize, string? Sort)
    {
        public AuditFilter Filter => new(Action, EntityType, EntityId, ActorId, PartnerId, From, To);
        public ListQuery List => new(Page, PageSize ?? 50, Sort, Search);
    }

    public static void MapPlatform(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", (CurrentUser user) => TypedResults.Ok(new Me(
                user.Id!.Value,
                user.Principal.Identity!.Name!,
                user.Name,
                Enum.Parse<UserRole>(user.Principal.FindFirst(AllywardClaims.Role)!.Value),
                user.PartnerId,
                user.Principal.FindAll(AllywardClaims.Permission).Select(c => c.Value).Order())))
            .RequireAuthorization()
            .WithTags("Account")
            .WithSummary("Who the caller is, and what it may do");

        var notifications = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization();
        notifications.MapGet("/", async ([AsParameters] PageQuery paging, CurrentUser user, NotificationInbox inbox, CancellationToken ct) =>
                await paging.ToHttpAsync(page => inbox.Query(user.Id!.Value).ToPageAsync(page, ct)))
            .WithSummary("Your notifications, newest first");
        notifications.MapGet("/unread-count", async (CurrentUser user, NotificationInbox inbox, CancellationToken ct) =>
                TypedResults.Ok(new UnreadCount(await inbox.UnreadCountAsync(user.Id!.Value, ct))))
            .WithSummary("How many of your notifications are unread");
        notifications.MapPost("/{notificationId:guid}/read", async (Guid notificationId, CurrentUser user, NotificationInbox inbox, CancellationToken ct) =>
                await inbox.MarkReadAsync(user.Id!.Value, notificationId, ct) ? Results.NoContent() : (IResult)ApiResults.NotFound("No such notification."))
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Mark one of your notifications read");

        api.MapGet("/audit", async ([AsParameters] AuditListQuery q, AuditQuery audit, CancellationToken ct) =>
                (await audit.ListAsync(q.Filter, q.List, ct)).ToHttp())
            .RequireAuthorization(PlatformPermissions.ViewAuditLog)
            .WithTags("Audit")
            .WithSummary("The audit log, newest first unless sorted otherwise, filterable");
        api.MapGet("/audit/export.csv", async ([AsParameters] AuditListQuery q, AuditQuery audit, CancellationToken ct) =>
                (await audit.ExportCsvAsync(q.Filter, q.List, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "audit.csv")))
            .RequireAuthorization(PlatformPermissions.ViewAuditLog)
            .WithTags("Audit")
            .ProducesFile("text/csv")
            .WithSummary("The audit entries matching the filters, in the list's order, as CSV (cells that a spreadsheet would run as formulas are neutralised)");
    }
}
