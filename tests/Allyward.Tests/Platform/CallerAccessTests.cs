using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Allyward.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

/// <summary>
/// Access is decided again on every request and every page operation, not once at sign-in: a deactivated user, or a
/// user of a partner that has left, acts no more through a cookie, a token or a page left open; a partner being
/// offboarded reads but changes nothing.
/// </summary>
public abstract class CallerAccessTests(AllywardApp app)
{
    [Fact]
    public async Task A_deactivated_users_cookie_session_is_refused_at_its_next_request()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId);
        var browser = await app.SignInAsync(email, People.Password);
        await browser.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        await app.DeactivateAsync(email);

        await browser.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var page = await browser.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.RedirectPath());
    }

    /// <summary>Every handler an interactive page runs, by the type names in <c>Ops.Run&lt;Handler, …&gt;</c> of the pages' source.</summary>
    private static IReadOnlyList<Type> HandlersPagesRun()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Allyward.slnx"))) folder = folder.Parent;
        var names = Directory.EnumerateFiles(Path.Combine(folder!.FullName, "src", "Allyward"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"Ops\.Run<([\w.]+)").Select(m => m.Groups[1].Value.Split('.')[^1]))
            .ToHashSet();
        var types = typeof(Operations).Assembly.GetTypes().Where(t => names.Contains(t.Name) && !t.IsAbstract).ToList();
        Assert.Equal(names.Order(), types.Select(t => t.Name).Distinct().Order());
        return types;
    }

    private static Task<bool> RunAsync<THandler>(Operations operations, Action ran) where THandler : notnull =>
        operations.Run<THandler, bool>(_ => { ran(); return Task.FromResult(true); });

    [Fact]
    public async Task An_open_page_runs_no_operation_once_its_user_is_deactivated()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId, "PartnerAdmin");
        // The page was opened (its circuit signed in) before the user was deactivated.
        var (operations, navigation) = app.OpenPage(await app.PrincipalOfAsync(email));
        Assert.True(await operations.Run<AllywardDbContext, bool>(db => db.Users.AnyAsync()));

        await app.DeactivateAsync(email);

        var handlers = HandlersPagesRun();
        Assert.True(handlers.Count > 10, $"Only {handlers.Count} handlers found.");
        var run = typeof(CallerAccessTests).GetMethod(nameof(RunAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var handler in handlers)
        {
            var ran = false;
            var attempt = (Task<bool>)run.MakeGenericMethod(handler).Invoke(null, [operations, (Action)(() => ran = true)])!;
            await Assert.ThrowsAsync<AccessRevokedException>(() => attempt);
            Assert.False(ran, $"{handler.Name} ran for a deactivated user.");
        }
        Assert.StartsWith("/account/login", new Uri(navigation.NavigatedTo!).AbsolutePath);
    }

    [Fact]
    public async Task An_open_page_runs_no_operation_once_its_user_signed_in_elsewhere_changed_the_password()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId);
        var (operations, _) = app.OpenPage(await app.PrincipalOfAsync(email));
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Allyward.Platform.Identity.AppUser>>();
            return await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!);
        });
        await Assert.ThrowsAsync<AccessRevokedException>(() => operations.Run<AllywardDbContext, bool>(db => db.Users.AnyAsync()));
    }

    [Fact]
    public async Task A_former_partner_has_no_access_by_token_cookie_open_page_or_sign_in()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId, "PartnerAdmin");
        var token = await app.ApiClientAsync(email);
        var browser = await app.SignInAsync(email, People.Password);
        var (operations, _) = app.OpenPage(await app.PrincipalOfAsync(email));
        await token.GetAsync($"/api/v1/partners/{partnerId}").ExpectAsync(HttpStatusCode.OK);

        await app.MovePartnerAsync(partnerId, "Offboarding", "Former");

        await token.GetAsync($"/api/v1/partners/{partnerId}").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await token.PostJsonAsync("/api/v1/tokens", new { name = "another" }).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await browser.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await Assert.ThrowsAsync<AccessRevokedException>(() => operations.Run<AllywardDbContext, bool>(db => db.Users.AnyAsync()));
        var signIn = await app.AnonymousClient()
            .SubmitFormAsync("/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = People.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("The e-mail address or password is not right.", await signIn.Content.ReadAsStringAsync());
        var userId = (await app.UserAsync(email)).Id;
        Assert.Equal(1, await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == userId)));
    }

    [Fact]
    public async Task A_rejected_partner_has_no_access()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var partnerId = (await cam.PostJsonAsync("/api/v1/partners", Unique.Partner()).ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var email = await app.NewPartnerUserAsync(partnerId, "PartnerAdmin");
        var token = await app.ApiClientAsync(email);
        await token.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        await app.MovePartnerAsync(partnerId, "Rejected");

        await token.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_offboarding_partner_reads_but_changes_nothing()
    {
        var partnerId = await app.NewPartnerAsync();
        await app.MovePartnerAsync(partnerId, "Onboarding", "Active");
        var admin = await app.NewPartnerUserAsync(partnerId, "PartnerAdmin");
        var sales = await app.NewPartnerUserAsync(partnerId);
        var token = await app.ApiClientAsync(admin);
        var browser = await app.SignInAsync(admin, People.Password);
        var (operations, _) = app.OpenPage(await app.PrincipalOfAsync(admin));
        var adminId = (await app.UserAsync(admin)).Id;

        await app.MovePartnerAsync(partnerId, "Offboarding");

        await token.GetAsync($"/api/v1/partners/{partnerId}").ExpectAsync(HttpStatusCode.OK);
        await browser.GetAsync($"/api/v1/partners/{partnerId}/users").ExpectAsync(HttpStatusCode.OK);
        var refused = await token.PostJsonAsync("/api/v1/tokens", new { name = "another" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("read-only", refused["detail"]!.GetValue<string>());
        await token.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email = Unique.Email(), fullName = "New Person", role = "PartnerSales" })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var salesUser = await app.UserAsync(sales);
        await browser.DeleteAsync($"/api/v1/partners/{partnerId}/users/{salesUser.Id}").ExpectProblemAsync(HttpStatusCode.Forbidden);

        // An open page reads, and its operations save nothing.
        Assert.True(await operations.Run<AllywardDbContext, bool>(db => db.Users.AnyAsync()));
        var outcome = await operations.Run<Allyward.Partners.PartnerUsers.PartnerUsersHandler, Outcome<Allyward.Platform.Accounts.UserItem>>(
            h => h.DeactivateAsync(partnerId, salesUser.Id));
        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Contains("read-only", outcome.Message);
        Assert.True((await app.UserAsync(sales)).IsActive);
        var marked = await operations.Run<Allyward.Platform.Notifications.NotificationInbox, bool>(async inbox =>
        {
            await inbox.MarkAllReadAsync(adminId);
            return true;
        });
        Assert.False(marked);
        Assert.Equal(1, await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == adminId)));

        // The person's own account stays theirs: they can still sign out.
        await browser.SubmitFormAsync("/account/sign-out", "", [], action: "/account/logout").ExpectAsync(HttpStatusCode.Redirect);
        await browser.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CallerAccessOnSqlite(SqliteApp app) : CallerAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CallerAccessOnPostgres(PostgresApp app) : CallerAccessTests(app);

/// <summary>The periodic check of open pages (<see cref="SessionRevalidation"/>), which ends a circuit that runs no operation.</summary>
[Collection(SqliteCollection.Name)]
public sealed class SessionRevalidationTests(SqliteApp app)
{
    [Fact]
    public async Task An_open_page_loses_its_user_at_the_next_check_once_the_user_is_deactivated_every_30_seconds_by_default()
    {
        var partnerId = await app.NewPartnerAsync();
        var email = await app.NewPartnerUserAsync(partnerId);
        var state = new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(await app.PrincipalOfAsync(email));
        var check = new SessionRevalidation(app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Allyward.Platform.Accounts.AllywardOptions>>());
        var validate = typeof(SessionRevalidation).GetMethod("ValidateAuthenticationStateAsync", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var interval = (TimeSpan)typeof(SessionRevalidation).GetProperty("RevalidationInterval", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(check)!;
        Assert.Equal(TimeSpan.FromSeconds(30), interval);

        Assert.True(await (Task<bool>)validate.Invoke(check, [state, CancellationToken.None])!);
        await app.DeactivateAsync(email);
        Assert.False(await (Task<bool>)validate.Invoke(check, [state, CancellationToken.None])!);
    }
}
