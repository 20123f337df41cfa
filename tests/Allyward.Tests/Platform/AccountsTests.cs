using System.Net;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Allyward.Tests.Platform;

public abstract class AccountsTests(AllywardApp app)
{
    /// <summary>A fresh partner user with a known password, so tests that lock or change accounts disturb nobody else.</summary>
    private async Task<string> NewUserAsync(string password = "correct horse battery")
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerA = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));
        var email = Unique.Email("account");
        await cam.PostJsonAsync($"/api/v1/partners/{partnerA.Id}/users", new { email, fullName = "Test Person", role = "PartnerSales" })
            .ExpectAsync(HttpStatusCode.Created);
        var link = Http.LinkIn(await app.MailWithAsync(email, "/account/accept-invitation"), "/account/accept-invitation");
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        await browser.SubmitFormAsync(Http.PathOf(link), "accept-invitation",
            new() { ["Input.Password"] = password, ["Input.ConfirmPassword"] = password }).ExpectAsync(HttpStatusCode.Redirect);
        return email;
    }

    private Task<HttpResponseMessage> TrySignInAsync(HttpClient browser, string email, string password) =>
        browser.SubmitFormAsync("/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    [Fact]
    public async Task Signing_in_and_out_is_audited()
    {
        var browser = await app.SignInAsync(Demo.Cam);
        await browser.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        var signOut = await browser.SubmitFormAsync("/account/sign-out", "", [], action: "/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await browser.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.Unauthorized);

        var cam = await app.UserAsync(Demo.Cam);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.ActorId == cam.Id).Select(e => e.Action).ToListAsync());
        Assert.Contains("account.signed-in", actions);
        Assert.Contains("account.signed-out", actions);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_inline_and_audited()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await TrySignInAsync(browser, Demo.Finance, "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The e-mail address or password is not right.", await response.Content.ReadAsStringAsync());
        await browser.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "account.sign-in-failed" && e.ActorName == Demo.Finance)));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var email = await NewUserAsync();
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++) await TrySignInAsync(browser, email, "wrong password " + i);

        var response = await TrySignInAsync(browser, email, "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await browser.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.Unauthorized);

        // The page says no more for a locked account than for an address that has none.
        var unknown = await TrySignInAsync(app.CreateClient(new() { AllowAutoRedirect = false }), Unique.Email("nobody"), "correct horse battery");
        Assert.Equal(AlertOf(await unknown.Content.ReadAsStringAsync()), AlertOf(await response.Content.ReadAsStringAsync()));
    }

    private static string AlertOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\">([^<]+)<").Groups[1].Value is { Length: > 0 } alert
            ? alert : throw new Xunit.Sdk.XunitException("The page shows no error.");

    [Fact]
    public async Task Sign_in_answers_alike_for_unknown_deactivated_and_wrongly_typed_accounts()
    {
        var deactivated = await NewUserAsync();
        var user = await app.UserAsync(deactivated);
        await (await app.ApiClientAsync(Demo.Cam)).DeleteAsync($"/api/v1/partners/{user.PartnerId}/users/{user.Id}").ExpectAsync(HttpStatusCode.OK);
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var answers = new[]
        {
            await TrySignInAsync(browser, Unique.Email("nobody"), "correct horse battery"),
            await TrySignInAsync(browser, deactivated, "correct horse battery"),
            await TrySignInAsync(browser, Demo.Finance, "not the password"),
        };
        var alerts = new List<string>();
        foreach (var answer in answers) alerts.Add(AlertOf(await answer.Content.ReadAsStringAsync()));
        Assert.Single(alerts.Distinct());
    }

    [Fact]
    public async Task A_password_reset_link_sets_a_new_password_once()
    {
        var email = await NewUserAsync();
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var sent = await browser.SubmitFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });
        Assert.Contains("a reset link is on its way", await sent.Content.ReadAsStringAsync());

        var link = Http.PathOf(Http.LinkIn(await app.MailWithAsync(email, "/account/reset-password"), "/account/reset-password"));
        var fields = new Dictionary<string, string> { ["Input.Password"] = "a brand new password", ["Input.ConfirmPassword"] = "a brand new password" };
        await browser.SubmitFormAsync(link, "reset-password", fields).ExpectAsync(HttpStatusCode.Redirect);

        await TrySignInAsync(browser, email, "a brand new password").ExpectAsync(HttpStatusCode.Redirect);
        var reused = await browser.SubmitFormAsync(link, "reset-password", fields);
        Assert.Contains("not valid or has expired", await reused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reset_requests_for_unknown_addresses_look_the_same_and_send_nothing()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var email = Unique.Email("nobody");
        var response = await browser.SubmitFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });
        Assert.Contains("a reset link is on its way", await response.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => app.LatestMailToAsync(email));
    }

    [Fact]
    public async Task Mismatched_or_short_passwords_get_inline_messages()
    {
        var email = Unique.Email();
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await browser.SubmitFormAsync("/account/reset-password?user=00000000-0000-0000-0000-000000000000&token=x", "reset-password",
            new() { ["Input.Password"] = "short", ["Input.ConfirmPassword"] = "different" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Use at least 10 characters.", html);
        Assert.Contains("The two passwords differ.", html);
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_an_authenticator_code()
    {
        var email = await NewUserAsync();
        var browser = await app.SignInAsync(email, "correct horse battery");

        var security = await (await browser.GetAsync("/account/security")).Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(security, "data-testid=\"authenticator-key\">([a-z0-9 ]+)<").Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var enabled = await browser.SubmitFormAsync("/account/security", "enable-2fa", new() { ["Enable.Code"] = totp.ComputeTotp() });
        Assert.Contains("Two-factor authentication is on.", await enabled.Content.ReadAsStringAsync());

        var fresh = app.CreateClient(new() { AllowAutoRedirect = false });
        var first = await TrySignInAsync(fresh, email, "correct horse battery").ExpectAsync(HttpStatusCode.Redirect);
        var secondStep = first.RedirectPath();
        Assert.StartsWith("/account/login-2fa", secondStep);
        await fresh.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.Unauthorized);

        var wrong = await fresh.SubmitFormAsync(secondStep, "login-2fa", new() { ["Input.Code"] = "000000" });
        Assert.Contains("That code is not valid.", await wrong.Content.ReadAsStringAsync());
        await fresh.SubmitFormAsync(secondStep, "login-2fa", new() { ["Input.Code"] = totp.ComputeTotp() })
            .ExpectAsync(HttpStatusCode.Redirect);
        await fresh.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deactivated_users_cannot_sign_in_and_their_tokens_stop_working()
    {
        var email = await NewUserAsync();
        var token = await app.ApiClientAsync(email);
        await token.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        var user = await app.UserAsync(email);

        var partnerAdmin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        await partnerAdmin.DeleteAsync($"/api/v1/partners/{user.PartnerId}/users/{user.Id}").ExpectAsync(HttpStatusCode.OK);

        await token.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.Unauthorized);
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await TrySignInAsync(browser, email, "correct horse battery")).StatusCode);
        await browser.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Return_urls_never_leave_the_site()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await browser.SubmitFormAsync("/account/login?returnUrl=https://evil.example/", "login",
            new() { ["Input.Email"] = Demo.Finance, ["Input.Password"] = Demo.Password });
        Assert.Equal("/console", response.RedirectPath());
    }

    /// <summary>The query's returnUrl as a browser sends it, and where signing in should lead.</summary>
    public static TheoryData<string, string> ReturnUrls => new()
    {
        { "/%E3%80%80/x", "/%E3%80%80/x" },
        { "/console/partners?q=M%C3%BCller", "/console/partners?q=M%C3%BCller" },
        { "/console/partners%3Fq%3Dx%26stage%3DActive", "/console/partners?q=x&stage=Active" },
        { "/console/audit", "/console/audit" },
        { "//evil.example/", "/console" },
        { "/%5Cevil.example/", "/console" },
        { "/%5C%5Cevil.example/", "/console" },
        { "%2F%2Fevil.example", "/console" },
        { "/%09/evil.example", "/console" },
        { "/x%0D%0ASet-Cookie:%20a=b", "/console" },
        { "/%00", "/console" },
        { "https://evil.example/", "/console" },
        { "javascript:alert(1)", "/console" },
        { "console", "/console" },
        { "%F0%9F%9A%80", "/console" },
    };

    /// <summary>Signs in through the form with a returnUrl and answers the redirect, checking it is a valid header.</summary>
    public static async Task<string> SignInReturningToAsync(HttpClient browser, string returnUrl)
    {
        var response = await browser.SubmitFormAsync($"/account/login?ReturnUrl={returnUrl}", "login",
            new() { ["Input.Email"] = Demo.Finance, ["Input.Password"] = Demo.Password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location.All(char.IsAscii), $"Location is not ASCII: {location}");
        return response.RedirectPath();
    }

    [Theory]
    [MemberData(nameof(ReturnUrls))]
    public async Task Signing_in_leads_back_to_a_page_of_the_site_and_odd_return_urls_lead_home(string returnUrl, string expected) =>
        Assert.Equal(expected, await SignInReturningToAsync(app.CreateClient(new() { AllowAutoRedirect = false }), returnUrl));
}

[Collection(SqliteCollection.Name)]
public sealed class AccountsOnSqlite(SqliteApp app) : AccountsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountsOnPostgres(PostgresApp app) : AccountsTests(app);

public abstract class StaffTests(AllywardApp app)
{
    [Fact]
    public async Task Program_admins_invite_vendor_staff_in_vendor_roles_only()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var email = Unique.Email("cam");
        var invited = await admin.PostJsonAsync("/api/v1/staff", new { email, fullName = "New Cam", role = "ChannelAccountManager" })
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Null(invited["partnerId"]);
        Assert.Contains("/account/accept-invitation", await app.MailWithAsync(email, "/account/accept-invitation"));

        await admin.PostJsonAsync("/api/v1/staff", new { email = Unique.Email(), fullName = "Wrong side", role = "PartnerAdmin" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        var staff = await admin.GetAsync("/api/v1/staff?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(staff["items"]!.AsArray(), u => u!["email"]!.GetValue<string>() == email);
        Assert.NotEmpty(staff["items"]!.AsArray());
        Assert.All(staff["items"]!.AsArray(), u => Assert.Null(u!["partnerId"]));

        await admin.DeleteAsync($"/api/v1/staff/{invited["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.False((await app.UserAsync(email)).IsActive);
        var self = await app.UserAsync(Demo.Admin);
        await admin.DeleteAsync($"/api/v1/staff/{self.Id}").ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_program_admins_manage_staff()
    {
        await (await app.ApiClientAsync(Demo.Cam)).PostJsonAsync("/api/v1/staff", new { email = Unique.Email(), fullName = "X", role = "Finance" })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync("/api/v1/staff").ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaffOnSqlite(SqliteApp app) : StaffTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StaffOnPostgres(PostgresApp app) : StaffTests(app);
