using Allyward.Platform.Isolation;
using Allyward.Platform.Data;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

/// <summary>Tells a person about a deal both in the app and by e-mail, through the outbox.</summary>
public sealed class DealNotifications(AllywardDbContext db, Outbox outbox)
{
    public async Task TellAsync(Guid userId, Guid dealId, string title, string? body, CancellationToken cancellationToken) =>
        Tell(userId, await EmailOfAsync(userId, cancellationToken), $"/api/v1/deals/{dealId}", title, body);

    /// <summary>For a caller that has read the person's address already (null: a deactivated user gets no mail).</summary>
    public void Tell(Guid userId, string? email, Guid dealId, string title, string? body) =>
        Tell(userId, email, $"/api/v1/deals/{dealId}", title, body);

    /// <summary>Tells a distributor's admins and sellers that a partner's deal now goes through them.</summary>
    public async Task TellDistributorAsync(Guid distributorId, Deal deal, string partnerName, CancellationToken cancellationToken)
    {
        var people = await db.Users.AsSystem()
            .Where(u => u.PartnerId == distributorId && u.IsActive && (u.Role == Platform.Identity.UserRole.PartnerAdmin || u.Role == Platform.Identity.UserRole.PartnerSales))
            .Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            Tell(person.Id, person.Email, $"/api/v1/deals/distributed/{deal.Id}", $"A deal through you from {partnerName}: {deal.CustomerName}",
                "You see it under Deals in the portal, read-only.");
        }
    }

    private void Tell(Guid userId, string? email, string link, string title, string? body) =>
        outbox.Enqueue(new NotifyUser(userId, title, body, link, email));

    // The recipient may be vendor staff seen from a partner's request (a new deal for its CAM): look past isolation for the address only.
    private Task<string?> EmailOfAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.AsSystem().Where(u => u.Id == userId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
}
