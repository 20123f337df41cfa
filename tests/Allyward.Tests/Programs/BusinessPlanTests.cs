using System.Net;
using System.Text.Json.Nodes;
using Allyward.Programs.BusinessPlans;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Programs;

/// <summary>Joint business plans through the API: the vendor plans, the partner does its part, progress comes from real won deals.</summary>
public abstract class BusinessPlanTests(AllywardApp app)
{
    private Task<Guid> NorthwindAsync() => app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerA).Select(p => p.Id).SingleAsync());

    private static object Plan(Guid partnerId, int year, int? quarter, string? partnerOwnerId = null, string currency = "USD", string title = "Growth plan") => new
    {
        partnerId, title = $"{title} {Unique.Suffix()}", periodKind = quarter is null ? "Year" : "Quarter", year, quarter, currency, status = "Active", partnerOwnerId,
    };

    private static JsonNode Goal(JsonNode plan, string kind) => plan["goals"]!.AsArray().Single(g => g!["kind"]!.GetValue<string>() == kind)!;

    private static JsonNode Action(JsonNode plan, string title) => plan["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == title)!;

    [Fact]
    public async Task A_cam_plans_goals_and_actions_and_the_history_tells_every_change()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var northwind = await NorthwindAsync();
        var plan = await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2031, 2)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = plan["id"]!.GetValue<string>();
        Assert.Equal("2031-04-01", plan["periodStart"]!.GetValue<string>());
        Assert.Equal("2031-06-30", plan["periodEnd"]!.GetValue<string>());
        Assert.Equal("Q2 2031", plan["period"]!.GetValue<string>());
        Assert.Equal("Marcus Webb", plan["vendorOwnerName"]!.GetValue<string>());

        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Revenue", title = "Revenue", target = 500_000_00, side = "Partner", ownerName = "Olivia" }).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", title = "Deals", target = 8, side = "Partner" }).ExpectAsync(HttpStatusCode.OK);
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "CertifiedPeople", title = "Certified", target = 3, side = "Partner" }).ExpectAsync(HttpStatusCode.OK);
        var withMdf = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "MdfActivities", title = "Events", target = 4, manualActual = 1, side = "Vendor" })
            .ExpectJsonAsync(HttpStatusCode.OK);
        var mdf = Goal(withMdf, "MdfActivities");
        Assert.True(mdf["manual"]!.GetValue<bool>());
        Assert.Equal(1, mdf["actual"]!.GetValue<long>());
        Assert.Equal(25, mdf["percent"]!.GetValue<int>());
        Assert.Equal(0, Goal(withMdf, "Revenue")["actual"]!.GetValue<long>());
        Assert.False(Goal(withMdf, "Revenue")["manual"]!.GetValue<bool>());

        var changed = await cam.PutJsonAsync($"/api/v1/programs/plans/{id}/goals/{mdf["id"]}", new { kind = "MdfActivities", title = "Events", target = 4, manualActual = 2, side = "Vendor" })
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(50, Goal(changed, "MdfActivities")["percent"]!.GetValue<int>());

        var withActions = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Briefing", side = "Vendor", ownerName = "Marcus", dueOn = "2031-04-15", goalId = mdf["id"] })
            .ExpectJsonAsync(HttpStatusCode.OK);
        withActions = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Target list", side = "Partner", dueOn = "2020-01-31" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(Action(withActions, "Target list")["overdue"]!.GetValue<bool>());
        Assert.False(Action(withActions, "Briefing")["overdue"]!.GetValue<bool>());
        var moved = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{Action(withActions, "Briefing")["id"]}/status", new { status = "Done" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Done", Action(moved, "Briefing")["status"]!.GetValue<string>());
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{Action(withActions, "Briefing")["id"]}/status", new { status = "Cancelled" }).ExpectProblemAsync(HttpStatusCode.Conflict);

        var removed = await cam.DeleteAsync($"/api/v1/programs/plans/{id}/goals/{Goal(moved, "Deals")["id"]}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, removed["goals"]!.AsArray().Count);

        var detail = await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        var history = detail["history"]!.AsArray().Select(h => h!["what"]!.GetValue<string>()).ToList();
        Assert.Contains(history, h => h.StartsWith("Plan \"") && h.Contains("created for Q2 2031"));
        Assert.Contains(history, h => h.StartsWith("Goal \"Revenue\" added") && h.Contains("500,000.00 USD"));
        Assert.Contains(history, h => h.StartsWith("Goal \"Events\" changed") && h.Contains("actual 1 → 2"));
        Assert.Contains(history, h => h == "Action \"Briefing\": open → done.");
        Assert.Contains(history, h => h.StartsWith("Goal \"Deals\" removed"));
        Assert.All(detail["history"]!.AsArray(), h => Assert.Equal("Marcus Webb", h!["by"]!.GetValue<string>()));

        var list = await cam.GetAsync($"/api/v1/programs/plans?partnerId={northwind}&year=2031&status=Active").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), p => p!["id"]!.GetValue<string>() == id);
        var csv = await (await cam.GetAsync("/api/v1/programs/plans/export.csv?year=2031").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith("id,partner,title,period", csv);
        Assert.Contains(plan["title"]!.GetValue<string>(), csv);

        // One plan per partner and period.
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2031, 2)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2031, null)).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Won_deals_in_the_plans_period_count_toward_its_revenue_and_deals_goals()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var northwind = await NorthwindAsync();
        var year = DateTime.UtcNow.Year;
        var plan = await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, year, null)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = plan["id"]!.GetValue<string>();
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Revenue", title = "Revenue", target = 1_000_000_00, side = "Partner" }).ExpectAsync(HttpStatusCode.OK);
        var before = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", title = "Deals", target = 1000, side = "Partner" }).ExpectJsonAsync(HttpStatusCode.OK);
        var revenueBefore = Goal(before, "Revenue")["actual"]!.GetValue<long>();
        var dealsBefore = Goal(before, "Deals")["actual"]!.GetValue<long>();

        var deal = await sales.PostJsonAsync("/api/v1/deals", new
        {
            customer = new { companyName = $"Plan Customer {Unique.Suffix()}", contactName = "Carla Customer", country = "DE" },
            products = new[] { "Platform Enterprise" }, amount = 12_345_00, currency = "USD",
            expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), notes = "For the plan.",
        }).ExpectJsonAsync(HttpStatusCode.Created);
        await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        // Not won yet: nothing counts.
        var approved = await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(revenueBefore, Goal(approved, "Revenue")["actual"]!.GetValue<long>());
        await sales.PostJsonAsync($"/api/v1/deals/{deal["id"]}/close", new { outcome = "Won" }).ExpectAsync(HttpStatusCode.OK);

        var after = await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        var revenue = Goal(after, "Revenue");
        Assert.Equal(revenueBefore + 12_345_00, revenue["actual"]!.GetValue<long>());
        Assert.Equal((int)((revenueBefore + 12_345_00) * 100 / 1_000_000_00), revenue["percent"]!.GetValue<int>());
        Assert.Equal(dealsBefore + 1, Goal(after, "Deals")["actual"]!.GetValue<long>());

        // The partner's admin reads the same numbers.
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var seen = await admin.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(revenueBefore + 12_345_00, Goal(seen, "Revenue")["actual"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_partner_admin_does_its_part_and_is_refused_the_vendors()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var northwind = await NorthwindAsync();
        var olivia = await app.UserAsync(Demo.PartnerAAdmin);
        var daniel = await app.UserAsync(Demo.PartnerASales);
        var plan = await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2032, 3, olivia.Id.ToString())).ExpectJsonAsync(HttpStatusCode.Created);
        var id = plan["id"]!.GetValue<string>();
        var title = plan["title"]!.GetValue<string>();
        var withGoal = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", title = "Deals", target = 5, side = "Partner" }).ExpectJsonAsync(HttpStatusCode.OK);
        var goalId = Goal(withGoal, "Deals")["id"]!.GetValue<string>();
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Vendor briefing", side = "Vendor", dueOn = "2032-07-10" }).ExpectAsync(HttpStatusCode.OK);
        var vendorPlan = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Send the account list", side = "Partner", dueOn = "2032-07-20" })
            .ExpectJsonAsync(HttpStatusCode.OK);

        // The partner owner is told of the action the vendor added for the partner.
        await app.DrainOutboxAsync();
        var told = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == olivia.Id && n.Title.Contains(title)).Select(n => n.Link).ToListAsync());
        Assert.Equal([$"/portal/plans/{id}"], told);

        // Its own side: add, change, complete; and the plan's owner.
        var added = await admin.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Train two sellers", side = "Partner", dueOn = "2032-08-01", goalId })
            .ExpectJsonAsync(HttpStatusCode.OK);
        var own = Action(added, "Train two sellers")["id"]!.GetValue<string>();
        await admin.PutJsonAsync($"/api/v1/programs/plans/{id}/actions/{own}", new { title = "Train three sellers", side = "Partner", ownerName = "Olivia", dueOn = "2032-08-15", goalId })
            .ExpectAsync(HttpStatusCode.OK);
        await admin.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{own}/status", new { status = "Done" }).ExpectAsync(HttpStatusCode.OK);
        var partnerSide = Action(vendorPlan, "Send the account list")["id"]!.GetValue<string>();
        await admin.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{partnerSide}/status", new { status = "InProgress" }).ExpectAsync(HttpStatusCode.OK);
        var owner = await admin.PutJsonAsync($"/api/v1/programs/plans/{id}/partner-owner", new { partnerOwnerId = daniel.Id }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(daniel.FullName, owner["partnerOwnerName"]!.GetValue<string>());

        // The vendor's part is not theirs.
        var vendorAction = Action(owner, "Vendor briefing")["id"]!.GetValue<string>();
        await admin.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Sneaky", side = "Vendor", dueOn = "2032-08-01" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "side");
        await admin.PutJsonAsync($"/api/v1/programs/plans/{id}/actions/{vendorAction}", new { title = "Sneaky", side = "Vendor", dueOn = "2032-08-01" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{vendorAction}/status", new { status = "Done" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", title = "Sneaky", target = 1, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PutJsonAsync($"/api/v1/programs/plans/{id}/goals/{goalId}", new { kind = "Deals", title = "Sneaky", target = 1, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.DeleteAsync($"/api/v1/programs/plans/{id}/goals/{goalId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PutJsonAsync($"/api/v1/programs/plans/{id}", new { title = "Sneaky", currency = "USD", status = "Closed" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2033, 1)).ExpectProblemAsync(HttpStatusCode.NotFound);
        // A seller of the partner has no part in planning.
        var seller = await app.ApiClientAsync(Demo.PartnerASales);
        await seller.GetAsync($"/api/v1/programs/plans/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);

        var detail = await admin.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Deals", Goal(detail, "Deals")["title"]!.GetValue<string>());
        Assert.Equal("Open", Action(detail, "Vendor briefing")["status"]!.GetValue<string>());
        Assert.Equal("Done", Action(detail, "Train three sellers")["status"]!.GetValue<string>());
        var history = detail["history"]!.AsArray().Select(h => (By: h!["by"]!.GetValue<string>(), What: h["what"]!.GetValue<string>())).ToList();
        Assert.Contains(history, h => h.By == olivia.FullName && h.What == "Action \"Train three sellers\": open → done.");
        Assert.Contains(history, h => h.By == olivia.FullName && h.What.StartsWith("Action \"Train two sellers\" changed") && h.What.Contains("due 2032-08-01 → 2032-08-15"));
        Assert.Contains(history, h => h.By == olivia.FullName && h.What == $"Partner owner {olivia.FullName} → {daniel.FullName}.");
    }

    [Fact]
    public async Task Another_partner_neither_sees_nor_changes_the_plan()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var northwind = await NorthwindAsync();
        var plan = await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2034, 1, title: "Northwind confidential")).ExpectJsonAsync(HttpStatusCode.Created);
        var id = plan["id"]!.GetValue<string>();
        var withAction = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Partner task", side = "Partner", dueOn = "2034-02-01" }).ExpectJsonAsync(HttpStatusCode.OK);
        var action = Action(withAction, "Partner task")["id"]!.GetValue<string>();
        var version = withAction["version"]!.GetValue<int>();
        var bluefinAdmin = await app.UserAsync(Demo.PartnerBAdmin);

        var other = await app.ApiClientAsync(Demo.PartnerBAdmin);
        await other.GetAsync($"/api/v1/programs/plans/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Hostile", side = "Partner", dueOn = "2034-02-01" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PutJsonAsync($"/api/v1/programs/plans/{id}/actions/{action}", new { title = "Hostile", side = "Partner", dueOn = "2034-02-01" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{action}/status", new { status = "Done" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.PutJsonAsync($"/api/v1/programs/plans/{id}/partner-owner", new { partnerOwnerId = bluefinAdmin.Id }).ExpectProblemAsync(HttpStatusCode.NotFound);
        foreach (var query in new[] { "", $"?partnerId={northwind}", "?search=Northwind", "?year=2034&pageSize=200" })
        {
            var list = await other.GetAsync($"/api/v1/programs/plans{query}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.All(list["items"]!.AsArray(), p => Assert.Equal(bluefinAdmin.PartnerId.ToString(), p!["partnerId"]!.GetValue<string>()));
            var csv = await (await other.GetAsync($"/api/v1/programs/plans/export.csv{query}").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("Northwind", csv);
        }
        var unchanged = await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(version, unchanged["version"]!.GetValue<int>());
        Assert.Equal("Open", Action(unchanged, "Partner task")["status"]!.GetValue<string>());
        Assert.Single(unchanged["actions"]!.AsArray());
    }

    [Fact]
    public async Task Bad_input_gets_field_errors_and_writes_nothing()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var northwind = await NorthwindAsync();
        var bluefinAdmin = await app.UserAsync(Demo.PartnerBAdmin);
        var plan = await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2035, 4)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = plan["id"]!.GetValue<string>();
        var withGoal = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Revenue", title = "Revenue", target = 10_00, side = "Partner" }).ExpectJsonAsync(HttpStatusCode.OK);
        var withAction = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Do it", side = "Vendor", dueOn = "2035-11-01" }).ExpectJsonAsync(HttpStatusCode.OK);
        var action = Action(withAction, "Do it")["id"]!.GetValue<string>();
        var goal = Goal(withGoal, "Revenue")["id"]!.GetValue<string>();
        var plans = () => app.WithDbAsync(db => db.BusinessPlans.CountAsync());
        var before = (Plans: await plans(), Detail: (await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());

        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2036, 1, currency: "XYZ")).ExpectProblemAsync(HttpStatusCode.BadRequest, "currency");
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 1999, 1)).ExpectProblemAsync(HttpStatusCode.BadRequest, "year");
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2036, 5)).ExpectProblemAsync(HttpStatusCode.BadRequest, "quarter");
        await cam.PostJsonAsync("/api/v1/programs/plans", new { partnerId = northwind, title = "No quarter", periodKind = "Quarter", year = 2036, currency = "USD" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "quarter");
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2036, 1, bluefinAdmin.Id.ToString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "partnerOwnerId");
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(Guid.NewGuid(), 2036, 1)).ExpectProblemAsync(HttpStatusCode.BadRequest, "partnerId");
        await cam.PostJsonAsync("/api/v1/programs/plans", Plan(northwind, 2035, 4)).ExpectProblemAsync(HttpStatusCode.Conflict);

        await cam.PutJsonAsync($"/api/v1/programs/plans/{id}", new { title = "X", currency = "ABC", status = "Active" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "currency");
        await cam.PutJsonAsync($"/api/v1/programs/plans/{id}", new { title = "X", currency = "USD", status = "Draft" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await cam.PutJsonAsync($"/api/v1/programs/plans/{id}", new { title = "X", currency = "USD", status = "Active", partnerOwnerId = bluefinAdmin.Id })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "partnerOwnerId");
        await cam.PutJsonAsync($"/api/v1/programs/plans/{id}/partner-owner", new { partnerOwnerId = bluefinAdmin.Id }).ExpectProblemAsync(HttpStatusCode.BadRequest, "partnerOwnerId");

        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", title = "Negative", target = -1, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "target");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Revenue", title = "Too much", target = long.MaxValue, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "target");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", title = "Typed", target = 3, manualActual = 2, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "manualActual");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Custom", title = "KPI", target = 3, kpiId = Guid.NewGuid(), side = "Partner" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "kpiId");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "CertifiedPeople", title = "Certified", target = 3, certificationId = Guid.NewGuid(), side = "Partner" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "certificationId");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/goals", new { kind = "Deals", target = 3, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "title");
        await cam.PutJsonAsync($"/api/v1/programs/plans/{id}/goals/{goal}", new { kind = "Revenue", title = "Revenue", target = -5, side = "Partner" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "target");

        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "No day", side = "Vendor" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "dueOn");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Bad goal", side = "Vendor", dueOn = "2035-11-01", goalId = Guid.NewGuid() })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "goalId");
        await cam.PutJsonAsync($"/api/v1/programs/plans/{id}/actions/{action}", new { title = "Other side", side = "Partner", dueOn = "2035-11-01" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "side");
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{action}/status", new { status = "Open" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{action}/status", new { }).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");

        Assert.Equal(before, (await plans(), (await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString()));
    }

    [Fact]
    public async Task Two_changes_to_one_plan_at_once_make_one_change_and_a_conflict()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var plan = await cam.PostJsonAsync("/api/v1/programs/plans", Plan(await NorthwindAsync(), 2037, 1)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = plan["id"]!.GetValue<string>();
        var withAction = await cam.PostJsonAsync($"/api/v1/programs/plans/{id}/actions", new { title = "Race", side = "Partner", dueOn = "2037-02-01" }).ExpectJsonAsync(HttpStatusCode.OK);
        var action = Action(withAction, "Race")["id"]!.GetValue<string>();
        var answers = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? cam : admin).PostJsonAsync($"/api/v1/programs/plans/{id}/actions/{action}/status", new { status = "Done" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var detail = await cam.GetAsync($"/api/v1/programs/plans/{id}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Single(detail["history"]!.AsArray(), h => h!["what"]!.GetValue<string>() == "Action \"Race\": open → done.");
    }

    [Fact]
    public async Task The_demo_plan_shows_progress_and_an_overdue_action()
    {
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var list = await admin.GetAsync("/api/v1/programs/plans?status=Active&pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        var demo = list["items"]!.AsArray().Single(p => p!["title"]!.GetValue<string>().StartsWith("Northwind growth plan"))!;
        var plan = await admin.GetAsync($"/api/v1/programs/plans/{demo["id"]}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, plan["goals"]!.AsArray().Count);
        Assert.Contains(plan["actions"]!.AsArray(), a => a!["overdue"]!.GetValue<bool>());
        Assert.Contains(plan["actions"]!.AsArray(), a => a!["side"]!.GetValue<string>() == "Vendor");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BusinessPlanTestsOnSqlite(SqliteApp app) : BusinessPlanTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BusinessPlanTestsOnPostgres(PostgresApp app) : BusinessPlanTests(app);
