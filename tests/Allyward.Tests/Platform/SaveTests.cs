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
        await SaveAsync(notification);

        // The same key again: the database refuses it once the save is under way.
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            db.Notifications.Add(new Notification { Id = notification.Id, UserId = user.Id, Title = "Twice", CreatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        }));

        var next = SaveAsync(new Notification { Id = Guid.NewGuid(), UserId = user.Id, Title = "Next", CreatedAt = DateTime.UtcNow });
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

    [Fact]
    public async Task A_save_of_new_rows_is_all_or_nothing()
    {
        var user = await app.UserAsync(Demo.Finance);
        var taken = Ordered(0xff);
        await SaveAsync(new Notification { Id = taken, UserId = user.Id, Title = "Taken", CreatedAt = DateTime.UtcNow });

        // New rows written before the one the database refuses (EF writes a table's rows in key order).
        var fresh = Enumerable.Range(1, 3).Select(_ => Ordered(0x00)).ToList();
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            foreach (var id in fresh) db.Notifications.Add(new Notification { Id = id, UserId = user.Id, Title = "Fresh", CreatedAt = DateTime.UtcNow });
            db.Notifications.Add(new Notification { Id = taken, UserId = user.Id, Title = "Again", CreatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        }));

        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync(n => fresh.Contains(n.Id))));
    }

    [Fact]
    public async Task A_save_that_finds_its_row_gone_keeps_nothing_of_what_it_added()
    {
        var user = await app.UserAsync(Demo.Finance);
        var read = new Notification { Id = Guid.NewGuid(), UserId = user.Id, Title = "To be read", CreatedAt = DateTime.UtcNow };
        await SaveAsync(read);
        var added = Guid.NewGuid();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => app.WithDbAsync(async db =>
        {
            var mine = await db.Notifications.SingleAsync(n => n.Id == read.Id);
            // Someone else deletes it meanwhile.
            await app.WithDbAsync(other => other.Notifications.Where(n => n.Id == read.Id).ExecuteDeleteAsync());
            mine.ReadAt = DateTime.UtcNow;
            db.Notifications.Add(new Notification { Id = added, UserId = user.Id, Title = "Added with it", CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        }));

        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Id == added)));
    }

    private Task<int> SaveAsync(Notification notification) => app.WithDbAsync(db =>
    {
        db.Notifications.Add(notification);
        return db.SaveChangesAsync();
    });

    /// <summary>A fresh id whose first byte is <paramref name="first"/>, so ids sort as the test needs.</summary>
    private static Guid Ordered(byte first)
    {
        var bytes = Guid.NewGuid().ToByteArray(bigEndian: true);
        bytes[0] = first;
        return new Guid(bytes, bigEndian: true);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaveOnSqlite(SqliteApp app) : SaveTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SaveOnPostgres(PostgresApp app) : SaveTests(app);
