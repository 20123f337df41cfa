using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.Contracts;

public sealed record TimelineItem(Guid Id, DateTime At, string Kind, string Summary, string ActorName);

/// <summary>
/// Everything that happened with a partner, newest first. Modules add lines in the same unit of work as
/// the change they describe.
/// </summary>
public sealed class PartnerTimeline(AllywardDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public void Record(Guid partnerId, string kind, string summary) =>
        db.TimelineEntries.Add(new TimelineEntry
        {
            PartnerId = partnerId,
            At = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            Summary = summary,
            ActorName = currentUser.IsAuthenticated ? currentUser.Name : "system",
        });

    public async Task<Outcome<Paged<TimelineItem>>> ListAsync(Guid partnerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<Paged<TimelineItem>>.NotFound("No such partner.");
        return await db.TimelineEntries.Where(e => e.PartnerId == partnerId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new TimelineItem(e.Id, e.At, e.Kind, e.Summary, e.ActorName))
            .ToPageAsync(page, cancellationToken);
    }
}
