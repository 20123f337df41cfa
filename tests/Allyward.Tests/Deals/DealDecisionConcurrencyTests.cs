using System.Net;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Deals;

/// <summary>Two reviewers deciding one deal at once get one decision; the other is told what happened instead.</summary>
public abstract class DealDecisionConcurrencyTests(AllywardApp app)
{
    private async Task<string> SubmittedDealAsync()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Contested {Unique.Suffix()} Systems", country = "DE" },
            amount = 10_000_00, currency = "EUR", expectedCloseDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        return deal["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task An_approval_and_a_rejection_sent_at_once_make_exactly_one_decision()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var admin = await app.ApiClientAsync(Demo.Admin);
        for (var round = 0; round < 8; round++)
        {
            var id = await SubmittedDealAsync();
            var answers = await Task.WhenAll(
                cam.PostJsonAsync($"/api/v1/deals/{id}/approve", new { }),
                admin.PostJsonAsync($"/api/v1/deals/{id}/reject", new { reason = "A direct account." }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var winner = await answers.Single(a => a.IsSuccessStatusCode).ReadJsonAsync();
            var loser = await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).ReadJsonAsync();
            var decided = winner["status"]!.GetValue<string>();
            Assert.Equal(decided, loser["current"]!["status"]!.GetValue<string>());

            var dealId = Guid.Parse(id);
            var stored = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => new { d.Status, d.Version }).SingleAsync());
            Assert.Equal(decided, stored.Status.ToString());
            Assert.Equal(1, stored.Version);
            var decisions = await app.WithDbAsync(db => db.DealHistory.Where(h => h.DealId == dealId && (h.Action == "approved" || h.Action == "rejected")).CountAsync());
            Assert.Equal(1, decisions);
        }
    }

    /// <summary>The race itself, without luck: both reviewers read the submitted deal before either saves.</summary>
    [Fact]
    public async Task The_second_of_two_decisions_read_before_either_saved_is_refused_and_saves_nothing()
    {
        var dealId = Guid.Parse(await SubmittedDealAsync());
        await using var first = app.Services.CreateAsSystemScope();
        await using var second = app.Services.CreateAsSystemScope();
        var firstDb = first.ServiceProvider.GetRequiredService<AllywardDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<AllywardDbContext>();
        var approving = await firstDb.Deals.SingleAsync(d => d.Id == dealId);
        var rejecting = await secondDb.Deals.SingleAsync(d => d.Id == dealId);
        var now = DateTime.UtcNow;

        Assert.Null(approving.Approve(now, "First reviewer", now.AddDays(90)));
        Assert.Null(rejecting.Reject(now, "Second reviewer", "Too late"));
        secondDb.DealHistory.Add(new Allyward.Deals.DealHistoryEntry { DealId = dealId, PartnerId = rejecting.PartnerId, At = now, ActorName = "Second reviewer", Action = "rejected" });

        Assert.True(await firstDb.TrySaveAsync(default));
        Assert.False(await secondDb.TrySaveAsync(default));

        var stored = await app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == dealId));
        Assert.Equal(Allyward.Deals.DealStatus.Approved, stored.Status);
        Assert.Equal("First reviewer", stored.DecidedByName);
        Assert.Equal(0, await app.WithDbAsync(db => db.DealHistory.CountAsync(h => h.DealId == dealId && h.Action == "rejected")));
    }

    [Fact]
    public async Task A_deal_refuses_an_illegal_move_and_stays_as_it_was()
    {
        var dealId = Guid.Parse(await SubmittedDealAsync());
        await app.WithDbAsync(async db =>
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == dealId);
            var now = DateTime.UtcNow;
            Assert.NotNull(deal.Close(Allyward.Deals.DealStatus.Won, new DateOnly(2026, 1, 1)));
            Assert.NotNull(deal.Expire(now));
            Assert.NotNull(deal.ExtendProtection(30, now));
            Assert.Null(deal.Reject(now, "Reviewer", "A direct account."));
            Assert.NotNull(deal.Approve(now, "Reviewer", now.AddDays(90)));
            Assert.Equal(Allyward.Deals.DealStatus.Rejected, deal.Status);
            Assert.Null(deal.ProtectedUntil);
            return 0;
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DealDecisionConcurrencyOnSqlite(SqliteApp app) : DealDecisionConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DealDecisionConcurrencyOnPostgres(PostgresApp app) : DealDecisionConcurrencyTests(app);
