using Allyward.Platform.Isolation;
using Allyward.Platform.Data;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

/// <summary>Tells a person about a deal both in the app and by e-mail, through the outbox.</summary>
public sealed class DealNotifications(AllywardDbContext db, Outbox outbox)
{
    /// <summary>Tells a person about a deal, linking to the deal's page on their side: the portal for partner users, the console for vendor staff.</summary>
    public async Task TellAsync(Guid userId, Guid dealId, string title, string? body, CancellationToken cancellationToken)
    {
        // The recipient may be vendor staff seen from a partner's request (a new deal for its CAM): look past isolation for the address only.
        var person = await db.Users.AsSystem().Where(u => u.Id == userId).Select(u => new { Email = u.IsActive ? u.Email : null, u.PartnerId }).SingleOrDefaultAsync(cancellationToken);
        Tell(userId, person?.Email, DealPage(dealId, partnerUser: person?.PartnerId is not null), title, body);
    }

    /// <summary>Tells the partner's channel account manager, whose address the caller has read already (null: a deactivated user gets no mail).</summary>
    public void TellAccountManager(Guid userId, string? email, Guid dealId, string title, string? body) =>
        Tell(userId, email, DealPage(dealId, partnerUser: false), title, body);

    public static string DealPage(Guid dealId, bool partnerUser) => partnerUser ? $"/portal/deals/{dealId}" : $"/console/deals/{dealId}";

    /// <summary>Tells a distributor's admins and sellers that a partner's deal now goes through them.</summary>
    public async Task TellDistributorAsync(Guid distributorId, Deal deal, string partnerName, CancellationToken cancellationToken)
    {
        var people = await db.Users.AsSystem()
            .Where(u => u.PartnerId == distributorId && u.IsActive && (u.Role == Platform.Identity.UserRole.PartnerAdmin || u.Role == Platform.Identity.UserRole.PartnerSales))
            .Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            Tell(person.Id, person.Email, "/portal/deals", $"A deal through you from {partnerName}: {deal.CustomerName}",
                "You see it under Deals in the portal, read-only.");
        }
    }

    private void Tell(Guid userId, string? email, string link, string title, string? body) =>
        outbox.Enqueue(new NotifyUser(userId, title, body, link, email));
}
