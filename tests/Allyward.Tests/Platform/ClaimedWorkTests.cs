using System.Data.Common;
using System.Net;
using Allyward.Deals;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Allyward.Tests.Platform;

/// <summary>
/// Scheduled work claims an item and queues its side effects in one transaction: a crash after the claim reached the
/// database but before the commit loses nothing and, once the work runs again, doubles nothing.
/// </summary>
public abstract class ClaimedWorkTests(Allyward.Platform.Data.DatabaseProvider provider) : IAsyncLifetime
{
    /// <summary>Fails the command that queues outbox messages, after it ran, while armed in the calling flow.</summary>
    private sealed class CrashAfterQueueing : DbCommandInterceptor
    {
        public static readonly AsyncLocal<bool> Armed = new();

        private static void MaybeCrash(DbCommand command)
        {
            if (Armed.Value && command.CommandText.Contains("\"OutboxMessages\"") && command.CommandText.Contains("INSERT"))
            {
                throw new InvalidOperationException("Simulated crash between the claim and its commit.");
            }
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            MaybeCrash(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            MaybeCrash(command);
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            MaybeCrash(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            MaybeCrash(command);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>An app of its own whose clock the test moves, with no expiry job of its own racing the test's runs.</summary>
    private sealed class ClockedApp(Allyward.Platform.Data.DatabaseProvider provider) : AllywardApp
    {
        private readonly TestPostgres.Database? _database = provider == Allyward.Platform.Data.DatabaseProvider.Postgres ? TestPostgres.CreateDatabaseName() : null;

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
        public override Allyward.Platform.Data.DatabaseProvider Provider => provider;
        protected override string ConnectionString => _database?.ConnectionString ?? $"Data Source={Path.Combine(DataFolder, "allyward.db")}";
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Outbox:PollInterval", "01:00:00")];

        protected override Task PrepareDatabaseAsync() => _database is null ? Task.CompletedTask : TestPostgres.CreateAsync(_database);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<IInterceptor, CrashAfterQueueing>();
                var expiryJob = services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "DealExpiryWorker");
                services.Remove(expiryJob);
            });
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_database is not null) await TestPostgres.DropAsync(_database);
        }
    }

    private readonly ClockedApp _app = new(provider);

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_crash_between_claiming_a_deal_expiry_and_committing_it_loses_and_doubles_nothing()
    {
        var admin = await _app.ApiClientAsync(Demo.Admin);
        await admin.PostJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "deal.expired" } }).ExpectAsync(HttpStatusCode.Created);
        var partner = await _app.ApiClientAsync(Demo.PartnerASales);
        var customer = $"Lapsing {Unique.Suffix()} Industries";
        var registered = await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = customer, country = "DE" },
            amount = 10_000_00, currency = "EUR", expectedCloseDate = _app.Clock.GetUtcNow().AddDays(30).ToString("yyyy-MM-dd"),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var dealId = Guid.Parse(registered["id"]!.GetValue<string>());
        await (await _app.ApiClientAsync(Demo.Cam)).PostJsonAsync($"/api/v1/deals/{dealId}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        await _app.DrainOutboxAsync();
        var dealWebhooksBefore = await WebhooksForAsync(dealId);

        _app.Clock.Advance(TimeSpan.FromDays(400));

        CrashAfterQueueing.Armed.Value = true;
        await Assert.ThrowsAnyAsync<Exception>(() => _app.WithScopeAsync(sp => sp.GetRequiredService<DealExpiry>().RunAsync()));
        CrashAfterQueueing.Armed.Value = false;

        // The claim went down with the crash: the deal is still approved and nothing was queued for it.
        Assert.Equal(DealStatus.Approved, await StatusAsync(dealId));
        Assert.Equal(0, await HistoryAsync(dealId, "expired"));
        Assert.Equal(dealWebhooksBefore, await WebhooksForAsync(dealId));

        // After the restart the work runs again, and once more: the expiry and each side effect happen exactly once.
        Assert.True(await _app.WithScopeAsync(sp => sp.GetRequiredService<DealExpiry>().RunAsync()) >= 1);
        Assert.Equal(0, await _app.WithScopeAsync(sp => sp.GetRequiredService<DealExpiry>().RunAsync()));
        await _app.DrainOutboxAsync();

        Assert.Equal(DealStatus.Expired, await StatusAsync(dealId));
        Assert.Equal(1, await HistoryAsync(dealId, "expired"));
        Assert.Equal(dealWebhooksBefore + 1, await WebhooksForAsync(dealId));
        var registrant = await _app.UserAsync(Demo.PartnerASales);
        Task<int> NotificationsAsync() => _app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == registrant.Id && n.Title == $"Deal protection ended: {customer}"));
        // The app's own outbox worker, woken by the queued message, may be the one delivering it: give it a moment.
        for (var i = 0; i < 50 && await NotificationsAsync() == 0; i++) await Task.Delay(100);
        Assert.Equal(1, await NotificationsAsync());
        Task<int> MailsAsync() => _app.MailsToAsync(Demo.PartnerASales).ContinueWith(t => t.Result.Count(m => m.Contains($"Deal protection ended: {customer}")));
        for (var i = 0; i < 50 && await MailsAsync() == 0; i++) await Task.Delay(100);
        Assert.Equal(1, await MailsAsync());
    }

    [Fact]
    public async Task Overdue_onboarding_tasks_are_reminded_once_per_interval_as_time_passes()
    {
        var email = Unique.Email("overdue");
        var submitted = await _app.CreateClient().PostJsonAsync("/api/v1/applications", new
        {
            companyName = $"Overdue {Unique.Suffix()} AB", website = $"https://overdue-{Unique.Suffix()}.example", country = "SE",
            partnerType = "Reseller", sizeBand = "Medium", industries = new[] { "Retail" }, specializations = new[] { "Security" },
            contactName = "Olle Overdue", contactEmail = email,
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var approved = await (await _app.ApiClientAsync(Demo.Cam)).PostJsonAsync($"/api/v1/applications/{submitted["id"]}/approve", new { })
            .ExpectJsonAsync(HttpStatusCode.OK);
        var partnerId = Guid.Parse(approved["partnerId"]!.GetValue<string>());
        var kickOff = await _app.WithDbAsync(db => db.OnboardingTasks.Where(t => t.PartnerId == partnerId && t.Kind == "manual").SingleAsync());
        var interval = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Allyward.Onboarding.OnboardingOptions>>().Value.ReminderInterval;
        async Task<int> RemindersAsync(int expected)
        {
            // The app's own outbox worker may be the one delivering a reminder: give it a moment to reach the expected count.
            var count = 0;
            for (var i = 0; i < 50 && (count = (await _app.MailsToAsync(email)).Count(m => m.Contains($"Onboarding task overdue: {kickOff.Title}"))) < expected; i++)
            {
                await Task.Delay(100);
            }
            return count;
        }
        async Task SendDueAsync()
        {
            await _app.WithScopeAsync(sp => sp.GetRequiredService<Allyward.Onboarding.Progress.OnboardingReminders>().SendDueAsync());
            await _app.DrainOutboxAsync();
        }

        await SendDueAsync();
        Assert.Equal(0, await RemindersAsync(0));

        _app.Clock.Advance(kickOff.DueAt - _app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromHours(1));
        await SendDueAsync();
        await SendDueAsync();
        Assert.Equal(1, await RemindersAsync(1));

        _app.Clock.Advance(interval + TimeSpan.FromMinutes(1));
        await SendDueAsync();
        Assert.Equal(2, await RemindersAsync(2));
    }

    private Task<DealStatus> StatusAsync(Guid dealId) => _app.WithDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.Status).SingleAsync());

    private Task<int> HistoryAsync(Guid dealId, string action) => _app.WithDbAsync(db => db.DealHistory.CountAsync(h => h.DealId == dealId && h.Action == action));

    private Task<int> WebhooksForAsync(Guid dealId) => _app.WithDbAsync(async db =>
        (await db.OutboxMessages.Where(m => m.Type == "deliver-webhook").Select(m => m.Payload).ToListAsync()).Count(p => p.Contains(dealId.ToString())));
}

public sealed class ClaimedWorkOnSqlite() : ClaimedWorkTests(Allyward.Platform.Data.DatabaseProvider.Sqlite);

public sealed class ClaimedWorkOnPostgres() : ClaimedWorkTests(Allyward.Platform.Data.DatabaseProvider.Postgres);
