using System.Net;
using Allyward.Platform.Data;
using Allyward.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Allyward.Tests.Platform;

/// <summary>Nodes keep deal rules, custom fields and webhook subscriptions in memory; a change reaches every node at once.</summary>
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
    public async Task Saving_configuration_tells_the_other_nodes()
    {
        await using var otherNode = new NpgsqlConnection(ConnectionString);
        await otherNode.OpenAsync();
        var heard = new List<string>();
        otherNode.Notification += (_, e) => heard.Add(e.Channel);
        await using (var listen = new NpgsqlCommand($"LISTEN {ConfigurationChangeListener.Channel}", otherNode))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var admin = await app.ApiClientAsync(Demo.Admin);
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
