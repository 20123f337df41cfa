using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Deals;

public abstract class DealsApiTests(AllywardApp app)
{
    private static object Deal(string company, string? website = null, string? email = null, long amount = 125_000_00, string currency = "EUR",
        DateOnly? close = null) => new
    {
        customer = new { companyName = company, website, contactName = "Carla Customer", contactEmail = email, country = "DE" },
        products = new[] { "Platform Enterprise" },
        amount,
        currency,
        expectedCloseDate = close ?? DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)),
        notes = "Replacing a legacy system.",
    };

    [Fact]
    public async Task A_partner_registers_a_deal_and_a_second_partner_learns_only_that_it_conflicts()
    {
        var company = $"Customer {Unique.Suffix()} Holdings";
        var domain = $"cust-{Unique.Suffix()}.example";
        var partnerA = await app.ApiClientAsync(Demo.PartnerASales);
        var first = await partnerA.PostJsonAsync("/api/v1/deals", Deal(company + " GmbH", $"https://www.{domain}")).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Submitted", first["status"]!.GetValue<string>());
        Assert.Empty(first["conflicts"]!.AsArray());
        Assert.Equal(125_000_00, first["amount"]!.GetValue<long>());

        var partnerB = await app.ApiClientAsync(Demo.PartnerBSales);
        var check = await partnerB.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = company.ToUpperInvariant(), contactEmail = $"it@{domain}", country = "DE" } })
            .ExpectJsonAsync(HttpStatusCode.OK);
        var match = Assert.Single(check["matches"]!.AsArray())!;
        Assert.Null(match["dealId"]);
        var rules = match["reasons"]!.AsArray().Select(r => r!["rule"]!.GetValue<string>()).ToList();
        Assert.Contains("SameDomain", rules);
        Assert.Contains("SameName", rules);
        Assert.DoesNotContain(Demo.PartnerA, check.ToJsonString());
        Assert.Equal(1, match["score"]!.GetValue<double>());

        var cam = await app.ApiClientAsync(Demo.Cam);
        var vendorView = await cam.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = company, country = "DE" } }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first["id"]!.GetValue<string>(), Assert.Single(vendorView["matches"]!.AsArray())!["dealId"]!.GetValue<string>());

        // Nothing was registered by the checks.
        Assert.Equal(1, await app.WithDbAsync(db => db.Deals.CountAsync(d => d.CustomerName.StartsWith(company))));
    }

    [Theory]
    [InlineData("{0}.example", "https://{0}.example")]
    [InlineData("www.{0}.example/en", "https://www.{0}.example/en")]
    [InlineData("HTTPS://{0}.Example", "https://{0}.example")]
    public async Task A_website_is_taken_as_people_type_it_and_kept_in_one_form(string typed, string kept)
    {
        var name = $"webform{Unique.Suffix()}".ToLowerInvariant();
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal($"Web Form {name}", string.Format(typed, name))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(string.Format(kept, name), deal["customerWebsite"]!.GetValue<string>());

        // The same company by its bare domain is found as a conflict.
        var check = await partner.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = "Someone Else", website = $"{name}.example" } })
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(check["matches"]!.AsArray(), m => m!["reasons"]!.AsArray().Any(r => r!["rule"]!.GetValue<string>() == "SameDomain"));
    }

    [Fact]
    public async Task Text_that_cannot_be_a_website_is_refused_and_nothing_is_registered()
    {
        var company = $"Bad Web {Unique.Suffix()}";
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        await partner.PostJsonAsync("/api/v1/deals", Deal(company, "not a website")).ExpectProblemAsync(HttpStatusCode.BadRequest, "customer.website");
        Assert.Equal(0, await app.WithDbAsync(db => db.Deals.CountAsync(d => d.CustomerName == company)));
    }

    [Fact]
    public async Task The_conflict_check_needs_only_the_company_name()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        await partner.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = $"Lonely {Unique.Suffix()}" } }).ExpectAsync(HttpStatusCode.OK);
        await partner.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { website = "acme.example" } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "customer.companyName");
    }

    [Fact]
    public async Task Approval_protects_the_deal_and_decisions_are_final()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal($"Protected {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        var cam = await app.ApiClientAsync(Demo.Cam);

        await partner.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectProblemAsync(HttpStatusCode.NotFound);
        var approved = await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(await app.MailsToAsync(Demo.PartnerASales), m => m.Contains("Deal approved:") && m.Contains("Protected until"));
        Assert.Equal("Approved", approved["status"]!.GetValue<string>());
        var protectedUntil = approved["protectedUntil"]!.GetValue<DateTime>();
        Assert.InRange(protectedUntil, DateTime.UtcNow.AddDays(89), DateTime.UtcNow.AddDays(91));

        await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/reject", new { reason = "Too late" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await partner.PostJsonAsync($"/api/v1/deals/{deal["id"]}/close", new { outcome = "Expired" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "outcome");
        var won = await partner.PostJsonAsync($"/api/v1/deals/{deal["id"]}/close", new { outcome = "Won", note = "Signed today" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Won", won["status"]!.GetValue<string>());
        Assert.Equal(0, await FiledKeysAsync(deal["id"]!.GetValue<Guid>()));
        await partner.PostJsonAsync($"/api/v1/deals/{deal["id"]}/close", new { outcome = "Lost" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        var history = await partner.GetAsync($"/api/v1/deals/{deal["id"]}/history").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["submitted", "approved", "won"], history["items"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task Several_deals_are_approved_at_once_and_each_answer_is_its_own()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var first = await partner.PostJsonAsync("/api/v1/deals", Deal($"Bulk one {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        var second = await partner.PostJsonAsync("/api/v1/deals", Deal($"Bulk two {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync($"/api/v1/deals/{second["id"]}/reject", new { reason = "Direct account" }).ExpectAsync(HttpStatusCode.OK);

        var bulk = await cam.PostJsonAsync("/api/v1/deals/approve", new { dealIds = new[] { first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>(), Guid.NewGuid().ToString() } })
            .ExpectJsonAsync(HttpStatusCode.OK);
        var results = bulk["results"]!.AsArray();
        Assert.Equal([true, false, false], results.Select(r => r!["decided"]!.GetValue<bool>()).ToArray());
        Assert.Equal("Approved", (await cam.GetAsync($"/api/v1/deals/{first["id"]}").ExpectJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        await cam.PostJsonAsync("/api/v1/deals/approve", new { dealIds = Array.Empty<Guid>() }).ExpectProblemAsync(HttpStatusCode.BadRequest, "dealIds");
        await partner.PostJsonAsync("/api/v1/deals/approve", new { dealIds = new[] { first["id"]!.GetValue<string>() } }).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rejection_needs_a_reason()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal($"Rejected {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/reject", new { reason = " " }).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.NotEqual(0, await FiledKeysAsync(deal["id"]!.GetValue<Guid>()));
        var rejected = await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/reject", new { reason = "Existing direct customer" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected["status"]!.GetValue<string>());
        // A rejected deal can no longer conflict, so it leaves conflict search.
        Assert.Equal(0, await FiledKeysAsync(deal["id"]!.GetValue<Guid>()));
        var check = await partner.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = deal["customerName"]!.GetValue<string>(), country = "DE" } })
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(check["matches"]!.AsArray());
    }

    [Fact]
    public async Task A_reseller_registers_through_a_distributor_that_then_sees_the_deal_read_only()
    {
        var partnerAId = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerA).Select(p => p.Id).SingleAsync());
        var distributorId = await app.WithDbAsync(db => db.Partners
            .Where(p => p.Type == Allyward.Partners.Contracts.PartnerType.Distributor && p.Stage == Allyward.Partners.Contracts.PartnerStage.Active && p.Id != partnerAId)
            .OrderBy(p => p.Name).Select(p => p.Id).FirstAsync());
        var cam = await app.ApiClientAsync(Demo.Cam);
        var distributorEmail = Unique.Email();
        await cam.PostJsonAsync($"/api/v1/partners/{distributorId}/users", new { email = distributorEmail, fullName = "Dana Distributor", role = "PartnerSales" })
            .ExpectAsync(HttpStatusCode.Created);
        var distributor = await app.ApiClientAsync(distributorEmail);
        var reseller = await app.ApiClientAsync(Demo.PartnerASales);

        var directory = await reseller.GetAsync("/api/v1/deals/distributors").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(directory["items"]!.AsArray(), d => d!["id"]!.GetValue<Guid>() == distributorId);
        Assert.NotEmpty(directory["items"]!.AsArray());
        Assert.All(directory["items"]!.AsArray(), d => Assert.Equal(["id", "name", "country"], d!.AsObject().Select(p => p.Key).ToArray()));

        var partnerBId = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerB).Select(p => p.Id).SingleAsync());
        var notADistributor = await app.WithDbAsync(db => db.Partners.Where(p => p.Type != Allyward.Partners.Contracts.PartnerType.Distributor).Select(p => p.Id).FirstAsync());
        foreach (var wrong in new[] { notADistributor, Guid.NewGuid(), partnerAId })
        {
            await reseller.PostJsonAsync("/api/v1/deals", WithDistributor(Deal($"Wrong channel {Unique.Suffix()}"), wrong)).ExpectProblemAsync(HttpStatusCode.BadRequest, "distributorId");
        }

        var deal = await reseller.PostJsonAsync("/api/v1/deals", WithDistributor(Deal($"Two tier {Unique.Suffix()}"), distributorId)).ExpectJsonAsync(HttpStatusCode.Created);
        var dealId = deal["id"]!.GetValue<Guid>();
        Assert.Equal(distributorId, deal["distributorId"]!.GetValue<Guid>());

        Assert.Contains(await app.MailsToAsync(distributorEmail), m => m.Contains("A deal through you from") && m.Contains(deal["customerName"]!.GetValue<string>()));

        // The distributor reads the deal through its own view and can change nothing.
        var listed = await distributor.GetAsync("/api/v1/deals/distributed").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed["items"]!.AsArray(), d => d!["id"]!.GetValue<Guid>() == dealId);
        Assert.Equal(deal["customerName"]!.GetValue<string>(), (await distributor.GetAsync($"/api/v1/deals/distributed/{dealId}").ExpectJsonAsync(HttpStatusCode.OK))["customerName"]!.GetValue<string>());
        await distributor.GetAsync($"/api/v1/deals/{dealId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await distributor.PostJsonAsync($"/api/v1/deals/{dealId}/close", new { outcome = "Lost" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await distributor.PostJsonAsync($"/api/v1/deals/{dealId}/extension-requests", new { days = 30, reason = "Mine now" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await distributor.PutJsonAsync($"/api/v1/deals/{dealId}/distributor", new { distributorId = (Guid?)null }).ExpectProblemAsync(HttpStatusCode.NotFound);
        var other = await app.ApiClientAsync(Demo.PartnerBSales);
        await other.GetAsync($"/api/v1/deals/distributed/{dealId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(dealId.ToString(), await (await other.GetAsync("/api/v1/deals/distributed")).Content.ReadAsStringAsync());

        // Vendor staff move the deal off the distributor; it no longer sees it.
        await cam.PutJsonAsync($"/api/v1/deals/{dealId}/distributor", new { distributorId = partnerBId == distributorId ? Guid.NewGuid() : notADistributor })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "distributorId");
        var detached = await cam.PutJsonAsync($"/api/v1/deals/{dealId}/distributor", new { distributorId = (Guid?)null }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Null(detached["distributorId"]);
        await distributor.GetAsync($"/api/v1/deals/distributed/{dealId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        var history = await reseller.GetAsync($"/api/v1/deals/{dealId}/history").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["submitted", "distributor"], history["items"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToArray());
    }

    private static Dictionary<string, object?> WithDistributor(object deal, Guid distributorId)
    {
        var fields = System.Text.Json.JsonSerializer.SerializeToNode(deal)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
        fields["distributorId"] = distributorId;
        return fields;
    }

    [Fact]
    public async Task The_demo_queue_shows_two_partners_registering_one_customer()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var queue = await cam.GetAsync("/api/v1/deals?status=Submitted&search=contoso&pageSize=50").ExpectJsonAsync(HttpStatusCode.OK);
        var later = queue["items"]!.AsArray().Single(d => d!["customerName"]!.GetValue<string>() == "Contoso Pharma GmbH")!;
        var deal = await cam.GetAsync($"/api/v1/deals/{later["id"]}").ExpectJsonAsync(HttpStatusCode.OK);
        var conflict = Assert.Single(deal["conflicts"]!.AsArray())!;
        var rules = conflict["reasons"]!.AsArray().Select(r => r!["rule"]!.GetValue<string>()).ToList();
        Assert.Equal(["SameDomain", "SameName"], rules);
    }

    [Fact]
    public async Task Start_up_files_every_open_deal_when_none_is_filed()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var company = $"Refiled {Unique.Suffix()} Analytics";
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal(company)).ExpectJsonAsync(HttpStatusCode.Created);
        var open = await app.WithDbAsync(db => db.Deals.CountAsync(d => d.Status == Allyward.Deals.DealStatus.Submitted || d.Status == Allyward.Deals.DealStatus.Approved));

        await app.WithDbAsync(db => db.DealMatchKeys.ExecuteDeleteAsync());
        Assert.Equal(open, await app.WithDbAsync(db => Allyward.Deals.Conflicts.MatchKeyBackfill.RunAsync(db)));
        Assert.Equal(0, await app.WithDbAsync(db => Allyward.Deals.Conflicts.MatchKeyBackfill.RunAsync(db)));

        Assert.NotEqual(0, await FiledKeysAsync(deal["id"]!.GetValue<Guid>()));
        var check = await app.ApiClientAsync(Demo.PartnerBSales);
        var found = await check.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = company.Replace("Analytics", "Analytcs"), country = "DE" } })
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Single(found["matches"]!.AsArray());
    }

    /// <summary>The keys a deal is filed under for conflict search, plus those it still carries for filing.</summary>
    private async Task<int> FiledKeysAsync(Guid dealId) =>
        await app.WithDbAsync(db => db.DealMatchKeys.CountAsync(k => k.DealId == dealId))
        + (await app.WithDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.FiledKeys).SingleAsync())).Count;

    [Fact]
    public async Task Each_program_can_protect_deals_for_its_own_period()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerType = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerA).Select(p => p.Type).SingleAsync());
        var original = await admin.GetAsync("/api/v1/deal-settings").ExpectJsonAsync(HttpStatusCode.OK);
        try
        {
            await admin.PutJsonAsync("/api/v1/deal-settings", new { autoApproveWithoutConflict = true, protectionDays = 45, protectionDaysByPartnerType = new Dictionary<string, int> { [partnerType.ToString()] = 0 } })
                .ExpectProblemAsync(HttpStatusCode.BadRequest, $"protectionDaysByPartnerType.{partnerType}");
            Assert.Equal(original.ToJsonString(), (await admin.GetAsync("/api/v1/deal-settings").ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
            var saved = await admin.PutJsonAsync("/api/v1/deal-settings",
                new { autoApproveWithoutConflict = false, protectionDays = 90, protectionDaysByPartnerType = new Dictionary<string, int> { [partnerType.ToString()] = 30 } })
                .ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(30, saved["protectionDaysByPartnerType"]![partnerType.ToString()]!.GetValue<int>());

            var partner = await app.ApiClientAsync(Demo.PartnerASales);
            var deal = await partner.PostJsonAsync("/api/v1/deals", Deal($"Short program {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
            var approved = await cam.PostJsonAsync($"/api/v1/deals/{deal["id"]}/approve", new { }).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.InRange(approved["protectedUntil"]!.GetValue<DateTime>(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));

            // A partner of another type keeps the default period.
            var otherPartner = await app.WithDbAsync(db => db.Partners
                .Where(p => p.Type != partnerType && p.Stage == Allyward.Partners.Contracts.PartnerStage.Active).Select(p => p.Id).FirstAsync());
            var other = await cam.PostJsonAsync("/api/v1/deals", new
            {
                customer = new { companyName = $"Default program {Unique.Suffix()}", country = "DE" }, amount = 100, currency = "EUR",
                expectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), partnerId = otherPartner,
            }).ExpectJsonAsync(HttpStatusCode.Created);
            var otherApproved = await cam.PostJsonAsync($"/api/v1/deals/{other["id"]}/approve", new { }).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.InRange(otherApproved["protectedUntil"]!.GetValue<DateTime>(), DateTime.UtcNow.AddDays(89), DateTime.UtcNow.AddDays(91));
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/deal-settings", original).ExpectJsonAsync(HttpStatusCode.OK);
        }
    }

    public static TheoryData<string, string> InvalidDeals => new()
    {
        { """{"amount":100,"currency":"EUR","expectedCloseDate":"2099-01-01"}""", "customer" },
        { """{"customer":{"country":"DE"},"amount":100,"currency":"EUR","expectedCloseDate":"2099-01-01"}""", "customer.companyName" },
        { """{"customer":{"companyName":"X","country":"DE","contactEmail":"nope"},"amount":100,"currency":"EUR","expectedCloseDate":"2099-01-01"}""", "customer.contactEmail" },
        { """{"customer":{"companyName":"X","country":"DE"},"amount":-1,"currency":"EUR","expectedCloseDate":"2099-01-01"}""", "amount" },
        { """{"customer":{"companyName":"X","country":"DE"},"amount":12.5,"currency":"EUR","expectedCloseDate":"2099-01-01"}""", "amount" },
        { """{"customer":{"companyName":"X","country":"DE"},"amount":100,"currency":"XYZ","expectedCloseDate":"2099-01-01"}""", "currency" },
        { """{"customer":{"companyName":"X","country":"DE"},"amount":100,"currency":"EUR","expectedCloseDate":"2001-01-01"}""", "expectedCloseDate" },
        { """{"customer":{"companyName":"X","country":"DE","website":"not a site"},"amount":100,"currency":"EUR","expectedCloseDate":"2099-01-01"}""", "customer.website" },
    };

    [Theory]
    [MemberData(nameof(InvalidDeals))]
    public async Task Invalid_registrations_are_refused_and_nothing_is_written(string json, string field)
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var before = await app.WithDbAsync(db => db.Deals.CountAsync());
        await partner.PostRawAsync("/api/v1/deals", json).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.WithDbAsync(db => db.Deals.CountAsync()));
    }

    [Fact]
    public async Task A_partner_leaving_the_program_cannot_register_from_that_moment()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var id = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner()).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        foreach (var stage in new[] { "Approved", "Onboarding", "Active" })
        {
            await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = stage, reason = $"Now {stage}" }).ExpectAsync(HttpStatusCode.Created);
        }
        string ForPartner(string company)
        {
            var deal = System.Text.Json.JsonSerializer.SerializeToNode(Deal(company), Http.Json)!.AsObject();
            deal["partnerId"] = id;
            return deal.ToJsonString();
        }
        await cam.PostRawAsync("/api/v1/deals", ForPartner($"While active {Unique.Suffix()}")).ExpectAsync(HttpStatusCode.Created);

        await cam.PostJsonAsync($"/api/v1/partners/{id}/stage-transitions", new { to = "Offboarding", reason = "Leaving" }).ExpectAsync(HttpStatusCode.Created);

        var refused = await cam.PostRawAsync("/api/v1/deals", ForPartner($"After leaving {Unique.Suffix()}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Offboarding", refused["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Partners_see_only_their_own_deals_and_cannot_register_for_others()
    {
        var partnerA = await app.ApiClientAsync(Demo.PartnerASales);
        var partnerB = await app.ApiClientAsync(Demo.PartnerBSales);
        var bId = await app.WithDbAsync(db => db.Partners.Where(p => p.Name == Demo.PartnerB).Select(p => p.Id).SingleAsync());
        var dealOfB = await partnerB.PostJsonAsync("/api/v1/deals", Deal($"B only {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);

        var listA = await partnerA.GetAsync("/api/v1/deals?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(listA["items"]!.AsArray(), d => d!["partnerId"]!.GetValue<string>() == bId.ToString());
        await partnerA.GetAsync($"/api/v1/deals/{dealOfB["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);

        var asB = System.Text.Json.JsonSerializer.SerializeToNode(Deal($"Spoofed {Unique.Suffix()}"), Http.Json)!.AsObject();
        asB["partnerId"] = bId.ToString();
        await partnerA.PostRawAsync("/api/v1/deals", asB.ToJsonString()).ExpectProblemAsync(HttpStatusCode.NotFound);

        var cam = await app.ApiClientAsync(Demo.Cam);
        var onBehalf = await cam.PostRawAsync("/api/v1/deals", asB.ToJsonString()).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(bId.ToString(), onBehalf["partnerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_review_queue_counts_each_deals_conflicts_and_scopes_to_the_cams_own_partners_on_demand()
    {
        var company = $"Queue {Unique.Suffix()} Corporation";
        var partnerA = await app.ApiClientAsync(Demo.PartnerASales);
        var partnerB = await app.ApiClientAsync(Demo.PartnerBSales);
        var ofA = await partnerA.PostJsonAsync("/api/v1/deals", Deal(company)).ExpectJsonAsync(HttpStatusCode.Created);
        var ofB = await partnerB.PostJsonAsync("/api/v1/deals", Deal(company + " Inc")).ExpectJsonAsync(HttpStatusCode.Created);
        await partnerB.PostJsonAsync("/api/v1/deals", Deal(company + " Ltd")).ExpectJsonAsync(HttpStatusCode.Created);

        var cam = await app.ApiClientAsync(Demo.Cam);
        var all = await cam.GetAsync($"/api/v1/deals?status=Submitted&search={Uri.EscapeDataString(company)}&sort=submittedAt").ExpectJsonAsync(HttpStatusCode.OK);
        var items = all["items"]!.AsArray();
        Assert.Equal([ofA["id"]!.GetValue<string>(), ofB["id"]!.GetValue<string>()], items.Take(2).Select(i => i!["id"]!.GetValue<string>()).ToArray());
        Assert.Equal([2, 2, 2], items.Select(i => i!["conflicts"]!.GetValue<int>()).ToArray());

        // Northwind (partner A) is the demo CAM's; Bluefin (partner B) is another CAM's.
        var mine = await cam.GetAsync($"/api/v1/deals?mine=true&search={Uri.EscapeDataString(company)}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(ofA["id"]!.GetValue<string>(), Assert.Single(mine["items"]!.AsArray())!["id"]!.GetValue<string>());

        // A partner learns from its own list neither the count nor anything of the other partner's registrations.
        var own = await partnerA.GetAsync($"/api/v1/deals?search={Uri.EscapeDataString(company)}").ExpectJsonAsync(HttpStatusCode.OK);
        var ownItem = Assert.Single(own["items"]!.AsArray())!;
        Assert.Null(ownItem["conflicts"]);
    }

    [Fact]
    public async Task Several_deals_are_rejected_at_once_with_one_reason_that_each_partner_is_told()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var first = await partner.PostJsonAsync("/api/v1/deals", Deal($"Bulk reject one {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        var second = await partner.PostJsonAsync("/api/v1/deals", Deal($"Bulk reject two {Unique.Suffix()}")).ExpectJsonAsync(HttpStatusCode.Created);
        var ids = new[] { first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>() };
        var cam = await app.ApiClientAsync(Demo.Cam);

        await cam.PostJsonAsync("/api/v1/deals/reject", new { dealIds = ids }).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.Equal("Submitted", (await cam.GetAsync($"/api/v1/deals/{ids[0]}").ExpectJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());

        var bulk = await cam.PostJsonAsync("/api/v1/deals/reject", new { dealIds = ids, reason = "Direct account" }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.All(bulk["results"]!.AsArray(), r => Assert.True(r!["decided"]!.GetValue<bool>()));
        Assert.Equal(2, bulk["results"]!.AsArray().Count);
        foreach (var id in ids)
        {
            var deal = await partner.GetAsync($"/api/v1/deals/{id}").ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Rejected", deal["status"]!.GetValue<string>());
            Assert.Equal("Direct account", deal["decisionReason"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_won_deal_may_carry_its_final_amount_and_a_lost_one_may_not()
    {
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var cam = await app.ApiClientAsync(Demo.Cam);
        var won = await partner.PostJsonAsync("/api/v1/deals", Deal($"Final {Unique.Suffix()}", amount: 100_000_00)).ExpectJsonAsync(HttpStatusCode.Created);
        await cam.PostJsonAsync($"/api/v1/deals/{won["id"]}/approve", new { }).ExpectAsync(HttpStatusCode.OK);

        await partner.PostJsonAsync($"/api/v1/deals/{won["id"]}/close", new { outcome = "Lost", amount = 5 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        await partner.PostJsonAsync($"/api/v1/deals/{won["id"]}/close", new { outcome = "Won", amount = -1 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        await partner.PostJsonAsync($"/api/v1/deals/{won["id"]}/close", new { outcome = "Won", amount = long.MaxValue }).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        Assert.Equal("Approved", (await partner.GetAsync($"/api/v1/deals/{won["id"]}").ExpectJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());

        var closed = await partner.PostJsonAsync($"/api/v1/deals/{won["id"]}/close", new { outcome = "Won", amount = 112_500_00 }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Won", closed["status"]!.GetValue<string>());
        Assert.Equal(112_500_00, closed["amount"]!.GetValue<long>());
        var history = await partner.GetAsync($"/api/v1/deals/{won["id"]}/history").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains("Won at 112,500.00 EUR (estimated 100,000.00 EUR).", history["items"]!.AsArray().Select(h => h!["detail"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Notifications_about_a_deal_open_its_page_on_the_recipients_side()
    {
        var customer = $"Linked {Unique.Suffix()}";
        var partner = await app.ApiClientAsync(Demo.PartnerASales);
        var deal = await partner.PostJsonAsync("/api/v1/deals", Deal(customer)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = deal["id"]!.GetValue<Guid>();
        var cam = await app.ApiClientAsync(Demo.Cam);
        await cam.PostJsonAsync($"/api/v1/deals/{id}/approve", new { }).ExpectAsync(HttpStatusCode.OK);
        await app.DrainOutboxAsync();

        var links = await app.WithDbAsync(db => db.Notifications.Where(n => n.Title.EndsWith(customer)).Select(n => new { n.Title, n.Link }).ToListAsync());
        Assert.Contains(links, n => n.Title.StartsWith("New deal from") && n.Link == $"/console/deals/{id}");
        Assert.Contains(links, n => n.Title.StartsWith("Deal approved") && n.Link == $"/portal/deals/{id}");
        Assert.DoesNotContain(links, n => n.Link!.StartsWith("/api/"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DealsApiOnSqlite(SqliteApp app) : DealsApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DealsApiOnPostgres(PostgresApp app) : DealsApiTests(app);
