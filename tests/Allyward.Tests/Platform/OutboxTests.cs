using System.Net;
using Allyward.Platform.Mail;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

public abstract class OutboxTests(AllywardApp app)
{
    private Task<OutboxMessage> EnqueueAsync<T>(T payload) where T : IOutboxPayload =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Allyward.Platform.Data.AllywardDbContext>();
            sp.GetRequiredService<Outbox>().Enqueue(payload);
            var message = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
            await db.SaveChangesAsync();
            return message;
        });

    private Task<OutboxMessage> ReloadAsync(Guid id) => app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private static async Task<OutboxMessage> EventuallyAsync(Func<Task<OutboxMessage>> read, Func<OutboxMessage, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var message = await read();
            if (done(message)) return message;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("The outbox message did not reach the expected state.");
    }

    [Fact]
    public async Task Mail_is_delivered_after_the_change_commits()
    {
        var email = Unique.Email("outbox");
        var message = await EnqueueAsync(new EmailMessage(email, "Hello", "Body text"));

        var delivered = await EventuallyAsync(() => ReloadAsync(message.Id), m => m.ProcessedAt is not null);
        Assert.Null(delivered.LastError);
        Assert.Contains("Body text", await app.LatestMailToAsync(email));
    }

    [Fact]
    public async Task A_failing_message_backs_off_and_finally_stops()
    {
        var message = await EnqueueAsync(new UnhandledPayload("boom"));

        var failed = await EventuallyAsync(() => ReloadAsync(message.Id), m => m.Attempts >= 1);
        Assert.Null(failed.ProcessedAt);
        Assert.Contains("No handler", failed.LastError);
        Assert.True(failed.NextAttemptAt > DateTime.UtcNow.AddSeconds(1), "The next attempt should wait.");

        // Make it due again on its last allowed attempt.
        await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)).SetProperty(m => m.Attempts, 9)));
        var dead = await EventuallyAsync(() => ReloadAsync(message.Id), m => m.FailedAt is not null);
        Assert.Equal(10, dead.Attempts);
        Assert.Null(dead.ProcessedAt);
    }

    [Fact]
    public async Task A_message_held_by_a_crashed_node_is_taken_over_when_its_lease_ends()
    {
        var email = Unique.Email("lease");
        // Another node claimed the message a moment ago and died while its lease still runs.
        var message = await app.WithDbAsync(async db =>
        {
            var m = new OutboxMessage
            {
                Type = EmailMessage.Type,
                Payload = System.Text.Json.JsonSerializer.Serialize(new EmailMessage(email, "Lease", "Taken over")),
                CreatedAt = DateTime.UtcNow,
                NextAttemptAt = DateTime.UtcNow,
                LockedUntil = DateTime.UtcNow.AddSeconds(2),
                LockedBy = "crashed-node",
            };
            db.OutboxMessages.Add(m);
            await db.SaveChangesAsync();
            return m;
        });

        await Task.Delay(500);
        Assert.Null((await ReloadAsync(message.Id)).ProcessedAt);
        var done = await EventuallyAsync(() => ReloadAsync(message.Id), m => m.ProcessedAt is not null);
        Assert.Null(done.LockedBy);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handlers_are_idempotent_when_a_message_is_delivered_twice(bool preparedAsAPart)
    {
        var user = await app.UserAsync(Demo.Finance);
        var email = Unique.Email("twice");
        var mail = new OutboxMessage { Type = EmailMessage.Type, Payload = System.Text.Json.JsonSerializer.Serialize(new EmailMessage(email, "Twice", "Once only")) };
        var note = new OutboxMessage { Type = NotifyUser.Type, Payload = System.Text.Json.JsonSerializer.Serialize(new NotifyUser(user.Id, "Twice", null, null)) };

        // Each delivery as the worker makes it: its own unit of work, saved after the handler.
        foreach (var message in new[] { mail, note, mail, note })
        {
            await app.WithScopeAsync(async sp =>
            {
                var handler = sp.GetServices<IOutboxHandler>().Single(h => h.Type == message.Type);
                if (preparedAsAPart) await handler.PrepareAsync([message], CancellationToken.None);
                await handler.HandleAsync(message, CancellationToken.None);
                return await sp.GetRequiredService<Allyward.Platform.Data.AllywardDbContext>().SaveChangesAsync();
            });
        }

        var files = Directory.GetFiles(app.MailFolder, "*.eml").Count(f => File.ReadAllText(f).Contains(email));
        Assert.Equal(1, files);
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Id == note.Id)));
    }

    [Fact]
    public async Task A_refused_change_queues_no_side_effect()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partner = await app.WithDbAsync(db => db.Partners.FirstAsync(p => p.Name == Demo.PartnerA));
        // Only messages to the address the refused invitation named: scheduled work may queue others meanwhile.
        Task<int> ToInviteeAsync() => app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Payload.Contains(Demo.PartnerBAdmin)));
        var before = await ToInviteeAsync();

        await cam.PostJsonAsync($"/api/v1/partners/{partner.Id}/users", new { email = Demo.PartnerBAdmin, fullName = "Dup", role = "PartnerSales" })
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await ToInviteeAsync());
    }

    [Fact]
    public async Task Stage_changes_notify_the_partner_admins_with_an_unread_count()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerId = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner()).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var email = Unique.Email("admin");
        await cam.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email, fullName = "Ada Admin", role = "PartnerAdmin" }).ExpectAsync(HttpStatusCode.Created);
        var link = Http.LinkIn(await app.MailWithAsync(email, "/account/accept-invitation"), "/account/accept-invitation");
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        await browser.SubmitFormAsync(Http.PathOf(link), "accept-invitation",
            new() { ["Input.Password"] = "partner admin password", ["Input.ConfirmPassword"] = "partner admin password" }).ExpectAsync(HttpStatusCode.Redirect);
        browser.DefaultRequestHeaders.Add("Origin", "http://localhost"); // as a page of the site sends it

        await cam.PostJsonAsync($"/api/v1/partners/{partnerId}/stage-transitions", new { to = "Approved", reason = "Welcome aboard" }).ExpectAsync(HttpStatusCode.Created);
        await app.DrainOutboxAsync();

        var unread = await browser.GetAsync("/api/v1/notifications/unread-count").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, unread["count"]!.GetValue<int>());
        var list = await browser.GetAsync("/api/v1/notifications").ExpectJsonAsync(HttpStatusCode.OK);
        var notification = list["items"]![0]!;
        Assert.Equal("Your partnership is now Approved", notification["title"]!.GetValue<string>());

        var someoneElse = await app.ApiClientAsync(Demo.Finance);
        await someoneElse.PostAsync($"/api/v1/notifications/{notification["id"]}/read", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await browser.PostAsync($"/api/v1/notifications/{notification["id"]}/read", null).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(0, (await browser.GetAsync("/api/v1/notifications/unread-count").ExpectJsonAsync(HttpStatusCode.OK))["count"]!.GetValue<int>());
    }

    private sealed record UnhandledPayload(string Text) : IOutboxPayload
    {
        public static string Type => "test.unhandled";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OutboxOnSqlite(SqliteApp app) : OutboxTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OutboxOnPostgres(PostgresApp app) : OutboxTests(app);

/// <summary>What a failing handler staged is dropped; the rest of its batch is saved.</summary>
public sealed class OutboxBatchTests : IAsyncLifetime
{
    private sealed class FailingHandlerApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
        public FailingHandlerApp() => File.WriteAllText(MailIsAFile, "");

        // Mail cannot be written: its pickup folder is a file.
        private string MailIsAFile => Path.Combine(DataFolder, "mail-is-a-file");

        // The background worker sleeps after draining the demo data's messages; the test drains the outbox itself.
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Outbox:PollInterval", "01:00:00"), new("Mail:PickupFolder", MailIsAFile)];

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddScoped<IOutboxHandler, StagesThenFailsHandler>());
        }
    }

    private sealed record StagesThenFails(Guid UserId) : IOutboxPayload
    {
        public static string Type => "test.stages-then-fails";
    }

    private sealed class StagesThenFailsHandler(Allyward.Platform.Data.AllywardDbContext db) : OutboxHandler<StagesThenFails>
    {
        protected override Task HandleAsync(Guid messageId, StagesThenFails payload, CancellationToken cancellationToken)
        {
            db.Notifications.Add(new Notification { Id = messageId, UserId = payload.UserId, Title = "Half done", CreatedAt = DateTime.UtcNow });
            throw new InvalidOperationException("The receiver is down.");
        }
    }

    private readonly FailingHandlerApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_failing_handler_loses_its_staged_changes_and_the_rest_of_the_batch_is_saved()
    {
        var user = await _app.UserAsync(Demo.Finance);
        OutboxMessage Message<T>(T payload, int order) where T : IOutboxPayload => new()
        {
            Type = T.Type, Payload = System.Text.Json.JsonSerializer.Serialize(payload),
            CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow.AddSeconds(-10 + order),
        };
        var before = Message(new NotifyUser(user.Id, "Before", null, null), 0);
        var failing = Message(new StagesThenFails(user.Id), 1);
        var after = Message(new NotifyUser(user.Id, "After", null, null), 2);
        await _app.WithDbAsync(db =>
        {
            db.OutboxMessages.AddRange(before, failing, after);
            return db.SaveChangesAsync();
        });

        await _app.DrainOutboxAsync();

        var notifications = await _app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id).Select(n => n.Id).ToListAsync());
        Assert.Contains(before.Id, notifications);
        Assert.Contains(after.Id, notifications);
        Assert.DoesNotContain(failing.Id, notifications);
        var messages = await _app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Id == before.Id || m.Id == failing.Id || m.Id == after.Id).ToDictionaryAsync(m => m.Id));
        Assert.NotNull(messages[before.Id].ProcessedAt);
        Assert.NotNull(messages[after.Id].ProcessedAt);
        Assert.Null(messages[failing.Id].ProcessedAt);
        Assert.Equal(1, messages[failing.Id].Attempts);
        Assert.Equal("The receiver is down.", messages[failing.Id].LastError);
        Assert.Null(messages[failing.Id].LockedBy);
    }

    [Fact]
    public async Task A_notification_whose_mail_cannot_be_sent_is_kept_and_the_mail_retried_on_its_own()
    {
        var user = await _app.UserAsync(Demo.Finance);
        var address = Unique.Email("mail-down");
        var message = new OutboxMessage
        {
            Type = NotifyUser.Type, Payload = System.Text.Json.JsonSerializer.Serialize(new NotifyUser(user.Id, "Mail is down", "Still here", "/portal", address)),
            CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
        };
        await _app.WithDbAsync(db =>
        {
            db.OutboxMessages.Add(message);
            return db.SaveChangesAsync();
        });

        await _app.DrainOutboxAsync();

        Assert.True(await _app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Id == message.Id && n.UserId == user.Id)));
        Assert.NotNull((await _app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == message.Id))).ProcessedAt);
        var mails = await _app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == EmailMessage.Type && m.Payload.Contains(address)).ToListAsync());
        var retry = Assert.Single(mails);
        Assert.Null(retry.ProcessedAt);
        Assert.Contains("Still here", System.Text.Json.JsonSerializer.Deserialize<EmailMessage>(retry.Payload)!.Text);
    }
}

/// <summary>A message queued in a save that commits late is still sent at once, not after the poll interval.</summary>
public sealed class OutboxWakeUpTests : IAsyncLifetime
{
    private sealed class SlowPollApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:PollInterval", "01:00:00")];
    }

    private readonly SlowPollApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_message_whose_save_commits_after_the_wake_up_is_sent_without_waiting_for_the_poll_interval()
    {
        var email = Unique.Email("late-commit");
        // The worker delivers the demo data's mail, then sleeps until the next poll.
        for (var i = 0; i < 100 && await _app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null && m.FailedAt == null)); i++) await Task.Delay(50);
        await Task.Delay(500);
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Allyward.Platform.Data.AllywardDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            sp.GetRequiredService<Outbox>().Enqueue(new EmailMessage(email, "Late", "Committed after the worker woke up"));
            await db.SaveChangesAsync();
            // The worker wakes up on the signal and finds nothing yet: the save has not committed.
            await Task.Delay(300);
            await transaction.CommitAsync();
            return 0;
        });

        // Read the pickup folder as it is: the test must not deliver the mail itself.
        bool Sent() => Directory.Exists(_app.MailFolder) && Directory.GetFiles(_app.MailFolder, "*.eml").Any(f => ReadIfWritten(f).Contains(email));
        for (var i = 0; i < 100 && !Sent(); i++) await Task.Delay(50);
        Assert.True(Sent(), "The mail waits for the next poll, an hour away.");
    }

    /// <summary>A mail file's text, or nothing while the worker still writes it (it holds the file to itself until then).</summary>
    private static string ReadIfWritten(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
