using System.Net;
using System.Text.Json.Nodes;
using Allyward.Deals;
using Allyward.Programs;
using Allyward.Programs.Currencies;
using Allyward.Programs.Evaluation;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Programs;

/// <summary>Programs and tiers through the API: requirements measured, evaluation, approval, grace, what-if, currencies, isolation.</summary>
public abstract class ProgramTests(AllywardApp app)
{
    internal static object Requirement(string kind, long target, int windowMonths = 12, bool required = true, Guid? certificationId = null, string? agreementTitle = null) =>
        new { kind, target, windowMonths, required, certificationId, agreementTitle };

    /// <summary>A program for resellers with an entry tier and Silver above it; its id and Silver's.</summary>
    internal static async Task<(string ProgramId, string SilverId)> ProgramAsync(HttpClient admin, object[] silverRequirements, bool needsApproval = false,
        int graceDays = 30, int optionalNeeded = 0, string currency = "USD", object? benefits = null, string[]? partnerTypes = null)
    {
        var program = await admin.PostJsonAsync("/api/v1/programs", new
        {
            name = $"Program {Unique.Suffix()}", currency, graceDays, promotionsNeedApproval = needsApproval, partnerTypes = partnerTypes ?? ["Reseller"],
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var id = program["id"]!.GetValue<string>();
        var withSilver = await admin.PostJsonAsync($"/api/v1/programs/{id}/tiers", new
        {
            name = "Silver", requirements = silverRequirements, optionalNeeded, benefits = benefits ?? new { discountPercent = 20, mdfEligible = true, other = new[] { "Partner locator" } },
        }).ExpectJsonAsync(HttpStatusCode.OK);
        return (id, withSilver["tiers"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "Silver")!["id"]!.GetValue<string>());
    }

    /// <summary>A new active reseller and a partner admin of it.</summary>
    internal static async Task<(Guid PartnerId, string AdminEmail)> ActivePartnerAsync(AllywardApp app)
    {
        var partnerId = await app.NewPartnerAsync();
        await app.MovePartnerAsync(partnerId, "Onboarding", "Active");
        return (partnerId, await app.NewPartnerUserAsync(partnerId, "PartnerAdmin", accept: false));
    }

    /// <summary>A deal the CAM registers for the partner, approves and marks won; closed on <paramref name="closedOn"/> when given.</summary>
    internal static async Task<Guid> WonDealAsync(AllywardApp app, Guid partnerId, long amount, string currency = "USD", DateOnly? closedOn = null, string? customer = null)
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var deal = await cam.PostJsonAsync("/api/v1/deals", new
        {
            partnerId,
            customer = new { companyName = customer ?? $"Customer {Unique.Suffix()}", contactName = "Carla Customer", country = "DE" },
            products = new[] { "Kestrel Vault" }, amount, currency, expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var id = deal["id"]!.GetValue<Guid>();
        if (deal["status"]!.GetValue<string>() == "Submitted") await cam.PostJsonAsync($"/api/v1/deals/{id}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/deals/{id}/close", new { outcome = "Won" }).ExpectAsync(HttpStatusCode.OK);
        if (closedOn is { } day) await app.WithDbAsync(db => db.Deals.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ClosedOn, day)));
        return id;
    }

    private static JsonNode Standing(JsonNode scorecard, string programId) =>
        scorecard["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;

    private static long ValueOf(JsonNode standing, string labelStart) =>
        standing["nextTierRequirements"]!.AsArray().Single(r => r!["label"]!.GetValue<string>().StartsWith(labelStart, StringComparison.Ordinal))!["value"]!.GetValue<long>();

    [Fact]
    public async Task The_evaluation_proposes_a_promotion_the_cam_approves_and_the_partner_sees_its_new_tier()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var (programId, silverId) = await ProgramAsync(admin, [Requirement("WonRevenue", 10_000_00), Requirement("WonDeals", 2)], needsApproval: true);
        var (partnerId, adminEmail) = await ActivePartnerAsync(app);
        var partnerAdmin = await app.ApiClientAsync(adminEmail);
        await WonDealAsync(app, partnerId, 6_000_00);

        // One deal short: the scorecard says what is missing, in words.
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var before = Standing(await partnerAdmin.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal("Registered", before["tier"]!["name"]!.GetValue<string>());
        Assert.Equal(6_000_00, ValueOf(before, "Won revenue"));
        var missing = before["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(missing, m => m.StartsWith("4,000.00 USD more won revenue", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("1 more won deal", StringComparison.Ordinal));
        Assert.Equal(55, before["nextTierProgress"]!.GetValue<int>()); // (60% + 50%) / 2

        await WonDealAsync(app, partnerId, 5_000_00);
        var run = await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(run["proposedPromotions"]!.GetValue<int>() >= 1);
        var proposals = await cam.GetAsync($"/api/v1/programs/proposals?programId={programId}&status=Pending&partnerId={partnerId}").ExpectJsonAsync(HttpStatusCode.OK);
        var proposal = proposals["items"]!.AsArray().Single()!;
        Assert.Equal("Silver", proposal["toTier"]!.GetValue<string>());
        Assert.Contains(proposal["evidence"]!["items"]!.AsArray(), r => r!["value"]!.GetValue<long>() == 11_000_00 && r["met"]!.GetValue<bool>());
        // Running again proposes nothing new: the proposal waits.
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await cam.GetAsync($"/api/v1/programs/proposals?programId={programId}&partnerId={partnerId}").ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Equal("Silver", Standing(await partnerAdmin.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId)["pendingPromotionTo"]!.GetValue<string>());

        // The partner cannot decide its own promotion; the CAM can, once.
        await partnerAdmin.PostJsonAsync($"/api/v1/programs/proposals/{proposal["id"]}/decision", new { approve = true }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await cam.PostJsonAsync($"/api/v1/programs/proposals/{proposal["id"]}/decision", new { approve = false }).ExpectProblemAsync(HttpStatusCode.BadRequest, "note");
        var approved = await cam.PostJsonAsync($"/api/v1/programs/proposals/{proposal["id"]}/decision", new { approve = true, note = "Well done." }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Approved", approved["status"]!.GetValue<string>());
        await cam.PostJsonAsync($"/api/v1/programs/proposals/{proposal["id"]}/decision", new { approve = true }).ExpectProblemAsync(HttpStatusCode.Conflict);

        var after = await partnerAdmin.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK);
        var standing = Standing(after, programId);
        Assert.Equal(silverId, standing["tier"]!["id"]!.GetValue<string>());
        Assert.Equal(20m, standing["tier"]!["benefits"]!["discountPercent"]!.GetValue<decimal>());
        Assert.Null(standing["nextTier"]);
        var history = after["history"]!.AsArray();
        Assert.Contains(history, h => h!["toTier"]!.GetValue<string>() == "Silver" && h["reason"]!.GetValue<string>().Contains("promotion approved", StringComparison.Ordinal));
        Assert.Contains(await app.MailsToAsync(adminEmail), m => m.Contains("moved up to Silver"));
        var members = await cam.GetAsync($"/api/v1/programs/{programId}/members?tierId={silverId}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(members["items"]!.AsArray(), m => m!["partnerId"]!.GetValue<Guid>() == partnerId);
        var csv = await (await cam.GetAsync($"/api/v1/programs/{programId}/members/export.csv?tierId={silverId}").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains(partnerId.ToString(), csv);
    }

    [Fact]
    public async Task Requirements_count_inside_their_window_and_n_of_m_decides()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var title = $"Agreement {Unique.Suffix()}";
        // Required: revenue in the last 3 months. Two of: 3 won deals in 3 months, 2 new customers in 3 months, onboarding done, a signed agreement, a certified person.
        var (programId, silverId) = await ProgramAsync(admin,
        [
            Requirement("WonRevenue", 10_000_00, windowMonths: 3),
            Requirement("WonDeals", 3, windowMonths: 3, required: false),
            Requirement("NewCustomersWon", 2, windowMonths: 3, required: false),
            Requirement("OnboardingCompleted", 1, required: false),
            Requirement("AgreementSigned", 1, required: false, agreementTitle: title),
            Requirement("CertifiedPeople", 1, required: false),
        ], optionalNeeded: 2);
        var (partnerId, _) = await ActivePartnerAsync(app);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var firstDay = today.AddMonths(-3).AddDays(1);
        await WonDealAsync(app, partnerId, 9_000_00, closedOn: firstDay, customer: "Edge Customer One");
        await WonDealAsync(app, partnerId, 50_000_00, closedOn: firstDay.AddDays(-1), customer: "Edge Customer Two"); // a day too early
        await WonDealAsync(app, partnerId, 1_000_00, closedOn: today, customer: "Edge Customer One"); // not a new customer

        var standing = Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal(10_000_00, ValueOf(standing, "Won revenue"));
        Assert.Equal(2, ValueOf(standing, "Won deals"));
        Assert.Equal(1, ValueOf(standing, "New customers won"));
        Assert.Equal(1, ValueOf(standing, "Onboarding completed"));
        Assert.Equal(0, ValueOf(standing, "Signed"));
        // Revenue met, but only one of the optional ones (onboarding): not Silver yet.
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Registered", Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId)["tier"]!["name"]!.GetValue<string>());

        await WonDealAsync(app, partnerId, 1_000_00, customer: "Edge Customer Three"); // a third deal and a second new customer
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var promoted = Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal(silverId, promoted["tier"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_partner_that_falls_short_is_warned_keeps_its_tier_through_the_grace_period_then_is_demoted()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var (programId, silverId) = await ProgramAsync(admin, [Requirement("WonRevenue", 10_000_00)], graceDays: 30);
        var (partnerId, adminEmail) = await ActivePartnerAsync(app);
        using var receiver = new WebhookReceiver();
        await admin.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "partner.tier_changed", "partner.tier_at_risk" } }).ExpectAsync(HttpStatusCode.Created);

        await cam.PutJsonAsync($"/api/v1/programs/{programId}/members/{partnerId}", new { tierId = silverId }).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await cam.PutJsonAsync($"/api/v1/programs/{programId}/members/{partnerId}", new { tierId = silverId, reason = "Strategic account." }).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var warned = Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal("Silver", warned["tier"]!["name"]!.GetValue<string>());
        Assert.Equal("Registered", warned["atRisk"]!["wouldBecome"]!.GetValue<string>());
        Assert.InRange(warned["atRisk"]!["graceEndsAt"]!.GetValue<DateTime>(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
        Assert.Contains(warned["atRisk"]!["missing"]!.AsArray(), m => m!.GetValue<string>().StartsWith("10,000.00 USD more won revenue", StringComparison.Ordinal));
        var atRisk = await cam.GetAsync($"/api/v1/programs/{programId}/members?atRisk=true").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(atRisk["items"]!.AsArray(), m => m!["partnerId"]!.GetValue<Guid>() == partnerId);

        // Within the grace period a second run keeps the tier and the first warning.
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var still = Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal("Silver", still["tier"]!["name"]!.GetValue<string>());
        Assert.Equal(warned["atRisk"]!["graceEndsAt"]!.GetValue<DateTime>(), still["atRisk"]!["graceEndsAt"]!.GetValue<DateTime>());

        // The grace period ends: the next run demotes, with the reason kept.
        var program = Guid.Parse(programId);
        await app.WithDbAsync(db => db.ProgramMemberships.IgnoreQueryFilters().Where(m => m.ProgramId == program && m.PartnerId == partnerId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.GraceEndsAt, DateTime.UtcNow.AddMinutes(-1))));
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var demoted = await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Registered", Standing(demoted, programId)["tier"]!["name"]!.GetValue<string>());
        Assert.Null(Standing(demoted, programId)["atRisk"]);
        Assert.Contains(demoted["history"]!.AsArray(), h => h!["fromTier"]?.GetValue<string>() == "Silver" && h["reason"]!.GetValue<string>().Contains("grace period ended", StringComparison.Ordinal));

        await app.DrainOutboxAsync();
        var bodies = receiver.Received.Select(r => r.Body).ToList();
        Assert.Single(bodies, b => b.Contains("partner.tier_at_risk") && b.Contains(partnerId.ToString()));
        Assert.Contains(bodies, b => b.Contains("partner.tier_changed") && b.Contains(partnerId.ToString()) && b.Contains("grace period ended"));
        Assert.Contains(await app.MailsToAsync(adminEmail), m => m.Contains("at risk of leaving Silver"));
    }

    [Fact]
    public async Task A_warned_partner_that_meets_its_tier_again_is_back_on_track()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var (programId, silverId) = await ProgramAsync(admin, [Requirement("WonDeals", 1)]);
        var (partnerId, _) = await ActivePartnerAsync(app);
        await cam.PutJsonAsync($"/api/v1/programs/{programId}/members/{partnerId}", new { tierId = silverId, reason = "Carried over." }).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId)["atRisk"]);
        await WonDealAsync(app, partnerId, 1_000_00);
        var run = await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(run["recovered"]!.GetValue<int>() >= 1);
        var standing = Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal("Silver", standing["tier"]!["name"]!.GetValue<string>());
        Assert.Null(standing["atRisk"]);
    }

    [Fact]
    public async Task The_what_if_names_the_partners_the_evaluation_then_moves()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var (programId, silverId) = await ProgramAsync(admin, [Requirement("WonRevenue", 100_000_00)]);
        var (near, _) = await ActivePartnerAsync(app);
        var (far, _) = await ActivePartnerAsync(app);
        await WonDealAsync(app, near, 50_000_00);
        await WonDealAsync(app, far, 20_000_00);
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var program = Guid.Parse(programId);
        var asked = DateTime.UtcNow;

        var lowered = new { name = "Silver", requirements = new[] { Requirement("WonRevenue", 30_000_00) } };
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers/{silverId}/what-if", new { name = "Silver", requirements = new[] { Requirement("WonRevenue", -1) } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements[0].target");
        var whatIf = await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers/{silverId}/what-if", lowered).ExpectJsonAsync(HttpStatusCode.OK);
        var up = whatIf["changes"]!.AsArray().Where(c => c!["direction"]!.GetValue<string>() == "up").Select(c => c!["partnerId"]!.GetValue<Guid>()).ToHashSet();
        Assert.Contains(near, up);
        Assert.DoesNotContain(far, up);
        Assert.Equal(whatIf["wouldMoveUp"]!.GetValue<int>(), up.Count);
        // Nothing was saved by asking.
        Assert.Equal(100_000_00, (await admin.GetAsync($"/api/v1/programs/{programId}").ExpectJsonAsync(HttpStatusCode.OK))["tiers"]!.AsArray()
            .Single(t => t!["id"]!.GetValue<string>() == silverId)!["requirements"]![0]!["target"]!.GetValue<long>());

        await admin.PutJsonAsync($"/api/v1/programs/{programId}/tiers/{silverId}", lowered).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectAsync(HttpStatusCode.OK);
        var promoted = await app.WithDbAsync(async db => (await db.TierChanges.IgnoreQueryFilters().Where(c => c.ProgramId == program && c.FromTierId != null && c.At > asked)
            .Select(c => c.PartnerId).ToListAsync()).ToHashSet());
        Assert.Equal(up, promoted);
    }

    [Fact]
    public async Task Concurrent_evaluations_of_one_program_run_once()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var (programId, _) = await ProgramAsync(admin, [Requirement("WonDeals", 1)]);
        var (partnerId, _) = await ActivePartnerAsync(app);
        await WonDealAsync(app, partnerId, 1_000_00);
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ApiClientAsync(Demo.Cam)));
        var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { })));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var program = Guid.Parse(programId);
        var changes = await app.WithDbAsync(db => db.TierChanges.IgnoreQueryFilters().Where(c => c.ProgramId == program && c.PartnerId == partnerId).ToListAsync());
        Assert.Equal(2, changes.Count); // joined, then promoted: once each
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK),
            await app.WithDbAsync(db => db.TierEvaluations.CountAsync(e => e.ProgramId == program)));

        // The monthly run, started by three nodes at once, runs the program once.
        await app.WithDbAsync(db => db.Programs.Where(p => p.Id == program).ExecuteUpdateAsync(s => s.SetProperty(p => p.LastEvaluationStartedAt, DateTime.UtcNow.AddMonths(-2))));
        var before = await app.WithDbAsync(db => db.TierEvaluations.CountAsync(e => e.ProgramId == program));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.WithScopeAsync(async services =>
        {
            using var _ = services.GetRequiredService<Allyward.Platform.Isolation.CurrentUser>().ActAsSystem();
            return await services.GetRequiredService<ScheduledEvaluation>().RunDueAsync(default);
        })));
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.TierEvaluations.CountAsync(e => e.ProgramId == program)));
    }

    [Fact]
    public async Task Revenue_in_other_currencies_converts_at_the_rate_of_the_close_day()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var (programId, _) = await ProgramAsync(admin, [Requirement("WonRevenue", 1_000_000_00)]);
        var (partnerId, _) = await ActivePartnerAsync(app);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rateDay = today.AddDays(-40);
        // A made-up currency pair per test run keeps other tests' rates out of the sums.
        await app.WithDbAsync(async db =>
        {
            if (!await db.ExchangeRates.AnyAsync(r => r.FromCurrency == "ISK" && r.ToCurrency == "USD" && r.EffectiveOn == rateDay))
            {
                db.ExchangeRates.AddRange(
                    new ExchangeRate { FromCurrency = "ISK", ToCurrency = "USD", EffectiveOn = rateDay, Rate = 0.0071m },
                    new ExchangeRate { FromCurrency = "ISK", ToCurrency = "USD", EffectiveOn = rateDay.AddDays(10), Rate = 0.0080m });
            }
            return await db.SaveChangesAsync();
        });
        await WonDealAsync(app, partnerId, 1_234, "ISK", closedOn: rateDay.AddDays(9));   // 1,234 ISK × 0.0071 = 8.7614 → 8.76 USD
        await WonDealAsync(app, partnerId, 1_000, "ISK", closedOn: rateDay.AddDays(10));  // 1,000 ISK × 0.0080 = 8.00 USD
        await WonDealAsync(app, partnerId, 500, "ISK", closedOn: rateDay.AddDays(-1));    // before any rate: not counted
        await WonDealAsync(app, partnerId, 10_00, "USD", closedOn: today);

        var standing = Standing(await cam.GetAsync($"/api/v1/programs/scorecards/{partnerId}").ExpectJsonAsync(HttpStatusCode.OK), programId);
        Assert.Equal(876 + 800 + 1000, ValueOf(standing, "Won revenue"));
        Assert.Contains("ISK", standing["currenciesWithoutRate"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Deal_protection_follows_the_partners_tier()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var (programId, silverId) = await ProgramAsync(admin, [Requirement("WonDeals", 50)], partnerTypes: ["Referral"],
            benefits: new { dealProtectionDays = 200, discountPercent = 25 });
        var (partnerId, _) = await ActivePartnerAsync(app);
        var before = await cam.PostJsonAsync("/api/v1/deals", new
        {
            partnerId, customer = new { companyName = $"Before Tier {Unique.Suffix()}", contactName = "C", country = "DE" }, products = new[] { "Kestrel Vault" },
            amount = 1_000_00, currency = "EUR", expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var approvedBefore = await cam.PostJsonAsync($"/api/v1/deals/{before["id"]}/approve", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.InRange(approvedBefore["protectedUntil"]!.GetValue<DateTime>(), DateTime.UtcNow.AddDays(89), DateTime.UtcNow.AddDays(91));

        await cam.PutJsonAsync($"/api/v1/programs/{programId}/members/{partnerId}", new { tierId = silverId, reason = "Strategic." }).ExpectAsync(HttpStatusCode.OK);
        var after = await cam.PostJsonAsync("/api/v1/deals", new
        {
            partnerId, customer = new { companyName = $"After Tier {Unique.Suffix()}", contactName = "C", country = "DE" }, products = new[] { "Kestrel Vault" },
            amount = 1_000_00, currency = "EUR", expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
        }).ExpectJsonAsync(HttpStatusCode.Created);
        var approvedAfter = await cam.PostJsonAsync($"/api/v1/deals/{after["id"]}/approve", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.InRange(approvedAfter["protectedUntil"]!.GetValue<DateTime>(), DateTime.UtcNow.AddDays(199), DateTime.UtcNow.AddDays(201));
    }

    [Fact]
    public async Task Bad_programs_and_tiers_are_refused_and_change_nothing()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.PostJsonAsync("/api/v1/programs", new { name = $"Bad {Unique.Suffix()}", currency = "XYZ" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "currency");
        await admin.PostJsonAsync("/api/v1/programs", new { name = $"Bad {Unique.Suffix()}", currency = "USD", graceDays = -1 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "graceDays");
        var (programId, silverId) = await ProgramAsync(admin, [Requirement("WonDeals", 1)]);
        var before = await admin.GetAsync($"/api/v1/programs/{programId}").ExpectJsonAsync(HttpStatusCode.OK);

        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", requirements = Array.Empty<object>() }).ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", requirements = new[] { Requirement("WonRevenue", -5) } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements[0].target");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", requirements = new[] { Requirement("WonDeals", 5, windowMonths: 0) } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements[0].windowMonths");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", requirements = new[] { Requirement("CertifiedPeople", 1, certificationId: Guid.NewGuid()) } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements[0].certificationId");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", requirements = new[] { new { kind = "CustomKpi", target = 5, windowMonths = 12 } } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements[0].kpiId");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", optionalNeeded = 3, requirements = new[] { Requirement("WonDeals", 5, required: false) } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "optionalNeeded");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "silver", requirements = new[] { Requirement("WonDeals", 5) } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        await admin.PostJsonAsync($"/api/v1/programs/{programId}/tiers", new { name = "Gold", requirements = new[] { Requirement("WonDeals", 5) }, benefits = new { discountPercent = 120 } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "benefits.discountPercent");
        await admin.PutJsonAsync($"/api/v1/programs/{programId}/tiers/{silverId}", new { name = "Silver", requirements = Array.Empty<object>() })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requirements");
        await admin.PutJsonAsync($"/api/v1/programs/{programId}/members/{Guid.NewGuid()}", new { tierId = silverId, reason = "x" }).ExpectProblemAsync(HttpStatusCode.NotFound);

        var after = await admin.GetAsync($"/api/v1/programs/{programId}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        var entry = after["tiers"]!.AsArray().Single(t => t!["rank"]!.GetValue<int>() == 0)!["id"]!.GetValue<string>();
        await admin.DeleteAsync($"/api/v1/programs/{programId}/tiers/{entry}").ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_partner_sees_only_its_own_scorecard_and_none_of_the_program_administration()
    {
        var partnerA = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var partnerAId = (await app.UserAsync(Demo.PartnerAAdmin)).PartnerId!.Value;
        var partnerBId = (await app.UserAsync(Demo.PartnerBAdmin)).PartnerId!.Value;
        var own = await partnerA.GetAsync($"/api/v1/programs/scorecards/{partnerAId}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(partnerAId, own["partnerId"]!.GetValue<Guid>());
        Assert.All(own["history"]!.AsArray(), h => Assert.NotNull(h));
        await partnerA.GetAsync($"/api/v1/programs/scorecards/{partnerBId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        var programs = await (await app.ApiClientAsync(Demo.Admin)).GetAsync("/api/v1/programs").ExpectJsonAsync(HttpStatusCode.OK);
        var programId = programs["items"]![0]!["id"]!.GetValue<string>();
        await partnerA.GetAsync("/api/v1/programs").ExpectProblemAsync(HttpStatusCode.NotFound);
        await partnerA.GetAsync($"/api/v1/programs/{programId}/members").ExpectProblemAsync(HttpStatusCode.NotFound);
        await partnerA.PostJsonAsync($"/api/v1/programs/{programId}/evaluations", new { }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await partnerA.GetAsync("/api/v1/programs/proposals").ExpectProblemAsync(HttpStatusCode.NotFound);
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        await sales.GetAsync($"/api/v1/programs/scorecards/{partnerAId}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_program_shows_tiers_a_waiting_promotion_and_a_partner_at_risk()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var programs = await cam.GetAsync("/api/v1/programs?search=Kestrel Partner Program").ExpectJsonAsync(HttpStatusCode.OK);
        var demo = programs["items"]!.AsArray().Single()!;
        Assert.True(demo["members"]!.GetValue<int>() >= 20);
        Assert.True(demo["atRisk"]!.GetValue<int>() >= 1);
        var program = await cam.GetAsync($"/api/v1/programs/{demo["id"]}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Registered", "Silver", "Gold", "Platinum"], program["tiers"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.True(program["tiers"]!.AsArray().Count(t => t!["members"]!.GetValue<int>() > 0) >= 2);
        var northwind = (await app.UserAsync(Demo.PartnerAAdmin)).PartnerId;
        var scorecard = await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync($"/api/v1/programs/scorecards/{northwind}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(scorecard["programs"]!.AsArray());
        Assert.Contains(scorecard["trend"]!["revenue"]!.AsArray(), r => r!.GetValue<long>() > 0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProgramTestsOnSqlite(SqliteApp app) : ProgramTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProgramTestsOnPostgres(PostgresApp app) : ProgramTests(app);
