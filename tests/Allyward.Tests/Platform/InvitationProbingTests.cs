using System.Net;
using Allyward.Platform.Accounts;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Tests.Platform;

/// <summary>A partner's admin cannot find out, by inviting, which addresses have accounts in other organizations.</summary>
public abstract class InvitationProbingTests(AllywardApp app)
{
    private static readonly string[] Shape = ["id", "email", "fullName", "role", "partnerId", "isActive", "invitationPending", "lastSignInAt", "twoFactorEnabled"];

    [Fact]
    public async Task Inviting_an_address_that_has_an_account_elsewhere_answers_like_a_fresh_invitation()
    {
        var partnerId = await app.NewPartnerAsync();
        var admin = await app.ApiClientAsync(await app.NewPartnerUserAsync(partnerId, "PartnerAdmin"));
        var colleague = await app.NewPartnerUserAsync(partnerId);
        var invite = (string email) => admin.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email, fullName = "Pat Probe", role = "PartnerSales" });

        var fresh = Unique.Email("fresh");
        var answers = new[]
        {
            await invite(fresh).ExpectJsonAsync(HttpStatusCode.Created),
            await invite(Demo.PartnerBSales).ExpectJsonAsync(HttpStatusCode.Created), // another partner's user
            await invite(Demo.Finance.ToUpperInvariant()).ExpectJsonAsync(HttpStatusCode.Created), // vendor staff
        };
        foreach (var answer in answers)
        {
            Assert.Equal(Shape.Order(), answer.AsObject().Select(p => p.Key).Order());
            Assert.Equal("PartnerSales", answer["role"]!.GetValue<string>());
            Assert.Equal(partnerId, answer["partnerId"]!.GetValue<Guid>());
            Assert.True(answer["invitationPending"]!.GetValue<bool>());
        }
        Assert.Equal(Demo.Finance.ToUpperInvariant(), answers[2]["email"]!.GetValue<string>());

        // Nothing changed for the existing accounts; their holders got a neutral note that names no organization of theirs.
        var holder = await app.UserAsync(Demo.PartnerBSales);
        Assert.Equal(Demo.PartnerB, (await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Id == holder.PartnerId))).Name);
        Assert.True(holder.IsActive);
        var note = await app.MailWithAsync(Demo.PartnerBSales, "already has an Allyward account");
        Assert.DoesNotContain(Demo.PartnerB, note);
        Assert.DoesNotContain("accept-invitation", note);
        Assert.Contains("accept-invitation", await app.MailWithAsync(fresh, "accept-invitation"));

        // An address of the admin's own organization, whose users it sees anyway, is a plain conflict.
        await invite(colleague).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_partner_user_sends_a_bounded_number_of_invitations_an_hour()
    {
        var partnerId = await app.NewPartnerAsync();
        var admin = await app.ApiClientAsync(await app.NewPartnerUserAsync(partnerId, "PartnerAdmin"));
        for (var i = 0; i < InvitationBudget.PerHour; i++)
        {
            await admin.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email = Unique.Email("many"), fullName = "Many", role = "PartnerSales" })
                .ExpectAsync(HttpStatusCode.Created);
        }
        var refused = await admin.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email = Demo.PartnerBSales, fullName = "Many", role = "PartnerSales" })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("invitations in the last hour", refused["detail"]!.GetValue<string>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationProbingOnSqlite(SqliteApp app) : InvitationProbingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvitationProbingOnPostgres(PostgresApp app) : InvitationProbingTests(app);
