using Allyward.Platform.Data;
using Allyward.Platform.Mail;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

/// <summary>Tells a person about a deal both in the app and by e-mail, through the outbox.</summary>
public sealed class DealNotifications(AllywardDbContext db, Outbox outbox, Microsoft.Extensions.Options.IOptions<Platform.Accounts.AllywardOptions> options)
{
    public async Task TellAsync(Guid userId, Guid dealId, string title, string? body, CancellationToken cancellationToken)
    {
        var link = $"/api/v1/deals/{dealId}";
        outbox.Enqueue(new NotifyUser(userId, title, body, link));
        // The recipient may be vendor staff seen from a partner's request (a new deal for its CAM): look past isolation for the address only.
        var email = await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (email is not null)
        {
            outbox.Enqueue(new EmailMessage(email, title, $"{title}\n\n{body}\n\n{options.Value.PublicUrl.TrimEnd('/')}{link}".Trim()));
        }
    }
}
