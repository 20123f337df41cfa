using Allyward.Platform.Data;
using Allyward.Platform.Mail;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

/// <summary>Tells a person about a deal both in the app and by e-mail, through the outbox.</summary>
public sealed class DealNotifications(AllywardDbContext db, Outbox outbox, Microsoft.Extensions.Options.IOptions<Platform.Accounts.AllywardOptions> options)
{
    public async Task TellAsync(Guid userId, Guid dealId, string title, string? body, CancellationToken cancellationToken) =>
        await TellAsync(userId, $"/api/v1/deals/{dealId}", title, body, cancellationToken);

    /// <summary>Tells a distributor's admins and sellers that a partner's deal now goes through them.</summary>
    public async Task TellDistributorAsync(Guid distributorId, Deal deal, string partnerName, CancellationToken cancellationToken)
    {
        var people = await db.Users.IgnoreQueryFilters()
            .Where(u => u.PartnerId == distributorId && u.IsActive && (u.Role == Platform.Identity.UserRole.PartnerAdmin || u.Role == Platform.Identity.UserRole.PartnerSales))
            .Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            await TellAsync(person, $"/api/v1/deals/distributed/{deal.Id}", $"A deal through you from {partnerName}: {deal.CustomerName}",
                "You see it under Deals in the portal, read-only.", cancellationToken);
        }
    }

    private async Task TellAsync(Guid userId, string link, string title, string? body, CancellationToken cancellationToken)
    {
        outbox.Enqueue(new NotifyUser(userId, title, body, link));
        // The recipient may be vendor staff seen from a partner's request (a new deal for its CAM): look past isolation for the address only.
        var email = await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (email is not null)
        {
            outbox.Enqueue(new EmailMessage(email, title, $"{title}\n\n{body}\n\n{options.Value.PublicUrl.TrimEnd('/')}{link}".Trim()));
        }
    }
}
