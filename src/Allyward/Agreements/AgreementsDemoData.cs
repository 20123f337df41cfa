using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements;

/// <summary>The partner program agreement, signed by Northwind's admin.</summary>
internal sealed class AgreementsDemoData(AllywardDbContext db) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        await SeedAgreementAsync(seed.Get<DemoPartners>(), seed.Now, cancellationToken);
    }

    private async Task SeedAgreementAsync(DemoPartners partners, DateTime now, CancellationToken cancellationToken)
    {
        var text = """
            # Kestrel Cloud Partner Program Agreement

            1. **Scope.** The partner may resell, refer or deliver services for Kestrel Cloud products in its territory.
            2. **Deal registration.** Registered and approved deals are protected for the protection period.
            3. **Conduct.** The partner follows applicable law and the partner code of conduct.
            4. **Term.** This agreement runs for one year and renews unless either party ends it with 30 days' notice.
            """;
        var version = new AgreementVersion
        {
            Title = "Partner Program Agreement", Version = 1, Format = AgreementFormat.Markdown, Text = text,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))),
            PublishedAt = now.AddDays(-400), PublishedByName = "Priya Raman",
        };
        db.AgreementVersions.Add(version);
        // Northwind's admin signed it; the other partners have yet to, which the console lists.
        var northwind = partners.Northwind;
        var signer = await db.Users.SingleAsync(u => u.PartnerId == northwind.Id && u.Role == UserRole.PartnerAdmin, cancellationToken);
        db.AgreementSignatures.Add(new AgreementSignature
        {
            PartnerId = northwind.Id, AgreementVersionId = version.Id, SignerId = signer.Id, SignerName = signer.FullName,
            SignerEmail = signer.Email!, SignedAt = northwind.StageChangedAt, DocumentSha256 = version.Sha256, IpAddress = "203.0.113.10",
            UserAgent = "Demo data",
        });
        await db.SaveChangesAsync(cancellationToken);
    }

}
