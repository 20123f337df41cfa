using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Identity;
using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.RemindToSign;

/// <summary>
/// E-mails the admins of partners still to sign an agreement version: on demand (the console's Remind button) and,
/// every hour, for versions whose re-signing deadline has passed. A partner hears at most once a day about a version:
/// the day's reminder row (unique per partner, version and day) and its mails commit together, whichever node sends them.
/// </summary>
public sealed class SignatureReminders(AllywardDbContext db, Outbox outbox, TimeProvider time, PendingSignatures agreements)
    : ClaimedWork<SignatureReminders.Due>(db, time)
{
    public sealed record Due(Guid VersionId, Guid PartnerId, string PartnerName);

    /// <summary>Reminds every partner still to sign <paramref name="versionId"/>.</summary>
    public async Task<Outcome<int>> RemindAsync(Guid versionId, CancellationToken cancellationToken = default)
    {
        var pending = await agreements.AllPendingAsync(versionId, cancellationToken);
        if (pending is null) return Outcome<int>.NotFound("No such agreement.");
        return await DoAsync(pending.Select(p => new Due(versionId, p.PartnerId, p.Name)).ToList(), Time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    protected override async Task<IReadOnlyList<Due>> FindDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        var overdue = await Db.AgreementVersions.Where(v => v.RequiresResign && v.ResignDeadline < now).Select(v => v.Id).ToListAsync(cancellationToken);
        var due = new List<Due>();
        foreach (var versionId in overdue)
        {
            var pending = await agreements.AllPendingAsync(versionId, cancellationToken);
            due.AddRange(pending?.Select(p => new Due(versionId, p.PartnerId, p.Name)) ?? []);
        }
        return due.Take(limit).ToList();
    }

    protected override async Task<bool> ClaimAsync(Due item, DateTime now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now);
        if (await Db.AgreementReminders.AnyAsync(r => r.PartnerId == item.PartnerId && r.AgreementVersionId == item.VersionId && r.Day == today, cancellationToken))
        {
            return false;
        }
        var version = await Db.AgreementVersions.AsNoTracking().SingleAsync(v => v.Id == item.VersionId, cancellationToken);
        var admins = await Db.Users.Where(u => u.PartnerId == item.PartnerId && u.Role == UserRole.PartnerAdmin && u.IsActive)
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        foreach (var admin in admins)
        {
            outbox.Enqueue(new EmailMessage(admin, $"Please sign: {version.Title}",
                $"""
                {item.PartnerName} has not yet signed version {version.Version} of "{version.Title}".
                {(version.ResignDeadline is { } deadline ? $"Please sign by {deadline:yyyy-MM-dd}." : "Please sign it in the partner portal.")}
                """));
        }
        Db.AgreementReminders.Add(new AgreementReminder { PartnerId = item.PartnerId, AgreementVersionId = item.VersionId, Day = today, SentAt = now });
        return true;
    }
}
