using System.Net;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Allyward.Tests.Platform;

/// <summary>Nodes keep deal rules, custom fields, webhook subscriptions and API tokens in memory; a change reaches every node at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConfigurationCacheOnPostgres(PostgresApp app)
{
    private string ConnectionString => app.Services.GetRequiredService<IConfiguration>().GetConnectionString("Allyward")!;

    private async Task<object> SettingsWithAsync(int protectionDays)
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var current = await admin.GetAsync("/api/v1/deal-settings").ExpectJsonAsync(HttpStatusCode.OK);
        return new { autoApproveWithoutConflict = current["autoApproveWithoutConflict"]!.GetValue<bool>(), protectionDays };
    }

    [Fact]
    public async Task A_change_another_node_saves_is_seen_here_at_once()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        await admin.PutJsonAsync("/api/v1/deal-settings", await SettingsWithAsync(90)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(90, (await admin.GetAsync("/api/v1/deal-settings").ExpectJsonAsync(HttpStatusCode.OK))["protectionDays"]!.GetValue<int>());
        try
        {
            // Another node saves new rules and announces them, as the app does after every configuration save.
            await using (var otherNode = new NpgsqlConnection(ConnectionString))
            {
                await otherNode.OpenAsync();
                await using var change = new NpgsqlCommand($"UPDATE \"DealSettings\" SET \"ProtectionDays\" = 45; {ConfigurationChangeListener.NotifySql}", otherNode);
                await change.ExecuteNonQueryAsync();
            }

            var seen = 0;
            for (var i = 0; i < 50 && seen != 45; i++)
            {
                await Task.Delay(100);
                seen = (await admin.GetAsync("/api/v1/deal-settings").ExpectJsonAsync(HttpStatusCode.OK))["protectionDays"]!.GetValue<int>();
            }
            Assert.Equal(45, seen);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/deal-settings", await SettingsWithAsync(90)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_token_another_node_revokes_is_refused_here_at_once()
    {
        var admin = await app.ApiClientAsync(Demo.Admin);
        var created = await admin.PostJsonAsync("/api/v1/tokens", new { name = "revoked elsewhere" }).ExpectJsonAsync(HttpStatusCode.Created);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", created["token"]!.GetValue<string>());
        await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        // Another node revokes the token and announces it, as the app does after every save of a token.
        await using (var otherNode = new NpgsqlConnection(ConnectionString))
        {
            await otherNode.OpenAsync();
            await using var revoke = new NpgsqlCommand(
                $"UPDATE \"ApiTokens\" SET \"RevokedAt\" = now() WHERE \"Id\" = '{created["id"]!.GetValue<string>()}'; {ConfigurationChangeListener.NotifySql}", otherNode);
            await revoke.ExecuteNonQueryAsync();
        }

        var status = HttpStatusCode.OK;
        for (var i = 0; i < 50 && status != HttpStatusCode.Unauthorized; i++)
        {
            await Task.Delay(100);
            status = (await client.GetAsync("/api/v1/me")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Saving_configuration_tells_the_other_nodes()
    {
        // Signed in first: creating the client's token is a save the other nodes hear of.
        var admin = await app.ApiClientAsync(Demo.Admin);
        await using var otherNode = new NpgsqlConnection(ConnectionString);
        await otherNode.OpenAsync();
        var heard = new List<string>();
        otherNode.Notification += (_, e) => heard.Add(e.Channel);
        await using (var listen = new NpgsqlCommand($"LISTEN {ConfigurationChangeListener.Channel}", otherNode))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await admin.PostJsonAsync("/api/v1/deals/conflict-check", new { customer = new { companyName = "Nothing Changed Ltd", country = "DE" } })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.False(await otherNode.WaitAsync(TimeSpan.FromMilliseconds(300)), "Reading configuration announces nothing.");

        try
        {
            await admin.PutJsonAsync("/api/v1/deal-settings", await SettingsWithAsync(91)).ExpectAsync(HttpStatusCode.OK);
            Assert.True(await otherNode.WaitAsync(TimeSpan.FromSeconds(5)), "A configuration save is announced.");
            Assert.Equal([ConfigurationChangeListener.Channel], heard);
        }
        finally
        {
            await admin.PutJsonAsync("/api/v1/deal-settings", await SettingsWithAsync(90)).ExpectAsync(HttpStatusCode.OK);
        }
    }
}
