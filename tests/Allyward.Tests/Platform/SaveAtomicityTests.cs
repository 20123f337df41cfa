using Allyward.Platform.Notifications;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

/// <summary>A save is all or nothing, also one that only inserts (on PostgreSQL it runs without BEGIN and COMMIT).</summary>
public abstract class SaveAtomicityTests(AllywardApp app)
{
    [Fact]
    public async Task An_insert_only_save_whose_last_row_fails_keeps_none_of_its_rows()
    {
        var partner = await app.WithDbAsync(db => db.Partners.FirstAsync(p => p.Name == Demo.PartnerA));
        var admin = await app.UserAsync(Demo.PartnerAAdmin);
        var version = Guid.NewGuid();
        var reminder = new Allyward.Agreements.AgreementReminder { PartnerId = partner.Id, AgreementVersionId = version, Day = new DateOnly(2026, 1, 1), SentAt = DateTime.UtcNow };
        await app.WithDbAsync(async db =>
        {
            db.AgreementReminders.Add(reminder);
            return await db.SaveChangesAsync();
        });

        var title = $"Never saved {Unique.Suffix()}";
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Notifications.Add(new Notification { Id = Guid.NewGuid(), UserId = admin.Id, Title = title, CreatedAt = DateTime.UtcNow });
            db.AgreementReminders.Add(new Allyward.Agreements.AgreementReminder { PartnerId = partner.Id, AgreementVersionId = version, Day = reminder.Day, SentAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Title == title)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaveAtomicityOnSqlite(SqliteApp app) : SaveAtomicityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SaveAtomicityOnPostgres(PostgresApp app) : SaveAtomicityTests(app);
