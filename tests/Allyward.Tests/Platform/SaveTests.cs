using Allyward.Platform.Notifications;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

/// <summary>How every save behaves, whatever it saves: on SQLite each holds the write turn while it writes.</summary>
public abstract class SaveTests(AllywardApp app)
{
    [Fact]
    public async Task A_save_the_database_refuses_lets_the_next_save_through()
    {
        var user = await app.UserAsync(Demo.Finance);
        var notification = new Notification { Id = Guid.NewGuid(), UserId = user.Id, Title = "Once", CreatedAt = DateTime.UtcNow };
        await app.WithDbAsync(db =>
        {
            db.Notifications.Add(notification);
            return db.SaveChangesAsync();
        });

        // The same key again: the database refuses it once the save is under way.
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            db.Notifications.Add(new Notification { Id = notification.Id, UserId = user.Id, Title = "Twice", CreatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        }));

        var next = app.WithDbAsync(db =>
        {
            db.Notifications.Add(new Notification { Id = Guid.NewGuid(), UserId = user.Id, Title = "Next", CreatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        Assert.Equal(1, await next.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_context_notices_changes_made_after_its_last_save()
    {
        var user = await app.UserAsync(Demo.Finance);
        var id = Guid.NewGuid();
        var noticed = await app.WithDbAsync(async db =>
        {
            var notification = new Notification { Id = id, UserId = user.Id, Title = "Unread", CreatedAt = DateTime.UtcNow };
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
            notification.ReadAt = DateTime.UtcNow;
            var state = db.Entry(notification).State;
            await db.SaveChangesAsync();
            return state;
        });

        Assert.Equal(EntityState.Modified, noticed);
        Assert.NotNull(await app.WithDbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaveOnSqlite(SqliteApp app) : SaveTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SaveOnPostgres(PostgresApp app) : SaveTests(app);
