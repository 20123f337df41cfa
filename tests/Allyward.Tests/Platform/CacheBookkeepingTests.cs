using System.Net;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

/// <summary>Signing in writes bookkeeping on the user, which no cached copy depends on: it leaves every node's cache in place.</summary>
public abstract class CacheBookkeepingTests(AllywardApp app)
{
    [Fact]
    public async Task Sign_ins_and_failed_attempts_leave_the_cache_while_a_real_change_to_a_user_empties_it()
    {
        var cache = app.Services.GetRequiredService<ConfigurationCache>();
        var partnerAdmin = await app.ApiClientAsync(Demo.PartnerBAdmin);
        var before = cache.ChangesSavedHere;

        await app.SignInAsync(Demo.PartnerBSales);
        var failed = await app.CreateClient().SubmitFormAsync("/account/login", "login",
            new() { ["Input.Email"] = Demo.PartnerBSales, ["Input.Password"] = "not the password" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        await app.SignInAsync(Demo.PartnerBSales);
        Assert.Equal(before, cache.ChangesSavedHere);

        var sales = await app.UserAsync(Demo.PartnerBSales);
        var partnerId = sales.PartnerId!.Value;
        var colleague = await partnerAdmin.PostJsonAsync($"/api/v1/partners/{partnerId}/users",
            new { email = Unique.Email(), fullName = "Short Stay", role = "PartnerTechnical" }).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(cache.ChangesSavedHere > before, "Adding a user left the cache as it was.");
        var afterAdding = cache.ChangesSavedHere;
        await partnerAdmin.DeleteAsync($"/api/v1/partners/{partnerId}/users/{colleague["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.True(cache.ChangesSavedHere > afterAdding, "Deactivating a user left the cache as it was.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CacheBookkeepingOnSqlite(SqliteApp app) : CacheBookkeepingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CacheBookkeepingOnPostgres(PostgresApp app) : CacheBookkeepingTests(app);
