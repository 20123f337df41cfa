using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners;

/// <summary>
/// Fifty partner organizations across types, regions and lifecycle stages, with a primary contact each; two
/// partners whose users cover every partner role; an invited, not yet signed-in admin at every other partner
/// past the application.
/// </summary>
internal sealed class PartnersDemoData(AllywardDbContext db) : IDemoData
{
    public IEnumerable<DemoSignIn> SignIns { get; } =
    [
        new("olivia.hart@northwindsystems.com", "Partner admin", "Northwind Systems"),
        new("daniel.okafor@northwindsystems.com", "Sales", "Northwind Systems"),
        new("mei.tanaka@northwindsystems.com", "Technical", "Northwind Systems"),
        new("lucas.moreau@northwindsystems.com", "Partner marketing", "Northwind Systems"),
        new("grace.whitfield@northwindsystems.com", "Partner executive", "Northwind Systems"),
        new("jonas.berg@bluefin-networks.de", "Partner admin", "Bluefin Networks"),
        new("amara.singh@bluefin-networks.de", "Sales", "Bluefin Networks"),
    ];

    private static readonly (string Name, string Domain, string Country, Region Region)[] Companies =
    [
        ("Northwind Systems", "northwindsystems.com", "US", Region.NorthAmerica),
        ("Bluefin Networks", "bluefin-networks.de", "DE", Region.Europe),
        ("Cedar Ridge IT", "cedarridgeit.com", "US", Region.NorthAmerica),
        ("Harbor Point Solutions", "harborpoint.io", "CA", Region.NorthAmerica),
        ("Lumen Data Partners", "lumendata.co.uk", "GB", Region.Europe),
        ("Atlas Cloudworks", "atlascloudworks.com", "US", Region.NorthAmerica),
        ("Stratus Integration Group", "stratusig.com", "US", Region.NorthAmerica),
        ("Fjord Digital", "fjorddigital.no", "NO", Region.Europe),
        ("Sierra Managed Services", "sierramsp.com", "MX", Region.LatinAmerica),
        ("Copperleaf Consulting", "copperleaf.com.au", "AU", Region.AsiaPacific),
        ("Pinnacle Tech Distribution", "pinnacletd.com", "US", Region.NorthAmerica),
        ("Maple Grove Networks", "maplegrove.ca", "CA", Region.NorthAmerica),
        ("Rhein Systemhaus", "rhein-systemhaus.de", "DE", Region.Europe),
        ("Sakura Cloud Partners", "sakuracp.jp", "JP", Region.AsiaPacific),
        ("Andes Tecnología", "andestec.cl", "CL", Region.LatinAmerica),
        ("Iberia Soluciones", "iberiasoluciones.es", "ES", Region.Europe),
        ("Oasis IT Services", "oasisit.ae", "AE", Region.MiddleEastAfrica),
        ("Baobab Digital", "baobabdigital.co.za", "ZA", Region.MiddleEastAfrica),
        ("Lotus Infotech", "lotusinfotech.in", "IN", Region.AsiaPacific),
        ("Kiwi Cloud Collective", "kiwicloud.co.nz", "NZ", Region.AsiaPacific),
        ("Meridian Secure", "meridiansecure.com", "US", Region.NorthAmerica),
        ("Alpine Datacenter Services", "alpine-dc.ch", "CH", Region.Europe),
        ("Seine Numérique", "seine-numerique.fr", "FR", Region.Europe),
        ("Tulip Automation", "tulipautomation.nl", "NL", Region.Europe),
        ("Aurora Analytics", "auroraanalytics.se", "SE", Region.Europe),
        ("Redwood Reseller Co", "redwoodreseller.com", "US", Region.NorthAmerica),
        ("Granite State Technology", "granitestatetech.com", "US", Region.NorthAmerica),
        ("Pampas Networks", "pampasnet.com.ar", "AR", Region.LatinAmerica),
        ("Amazonia Cloud", "amazoniacloud.com.br", "BR", Region.LatinAmerica),
        ("Celtic Bridge IT", "celticbridge.ie", "IE", Region.Europe),
        ("Vistula Systems", "vistulasystems.pl", "PL", Region.Europe),
        ("Danube Data", "danubedata.at", "AT", Region.Europe),
        ("Nile Valley Technologies", "nilevalleytech.eg", "EG", Region.MiddleEastAfrica),
        ("Savanna Connect", "savannaconnect.ke", "KE", Region.MiddleEastAfrica),
        ("Merlion Digital", "merliondigital.sg", "SG", Region.AsiaPacific),
        ("Han River Solutions", "hanriver.co.kr", "KR", Region.AsiaPacific),
        ("Outback Integrators", "outbackintegrators.com.au", "AU", Region.AsiaPacific),
        ("Great Lakes MSP", "greatlakesmsp.com", "US", Region.NorthAmerica),
        ("Blue Ridge Referral Partners", "blueridgereferrals.com", "US", Region.NorthAmerica),
        ("Prairie Logic", "prairielogic.ca", "CA", Region.NorthAmerica),
        ("Tagus Consulting", "tagusconsulting.pt", "PT", Region.Europe),
        ("Nordlys Security", "nordlys.dk", "DK", Region.Europe),
        ("Baltic Cloud Labs", "balticcloudlabs.ee", "EE", Region.Europe),
        ("Atacama Data", "atacamadata.pe", "PE", Region.LatinAmerica),
        ("Caribe Technology Group", "caribetech.co", "CO", Region.LatinAmerica),
        ("Bosphorus Bilişim", "bosphorus-it.com.tr", "TR", Region.MiddleEastAfrica),
        ("Cascade Ops", "cascadeops.com", "US", Region.NorthAmerica),
        ("Everest Infra", "everestinfra.in", "IN", Region.AsiaPacific),
        ("Tasman Digital Works", "tasmandigital.com.au", "AU", Region.AsiaPacific),
        ("Highland Systems Integration", "highlandsi.co.uk", "GB", Region.Europe),
    ];

    private static readonly string[] Industries =
        ["Healthcare", "Financial services", "Manufacturing", "Retail", "Public sector", "Education", "Energy", "Telecommunications", "Logistics", "Media"];

    private static readonly string[] Specializations =
        ["Cloud migration", "Security", "Data & analytics", "Networking", "Managed services", "DevOps", "Identity", "Backup & recovery", "Collaboration", "AI & ML"];

    /// <summary>Stages in lifecycle order, with how many demo partners end in each.</summary>
    private static readonly (PartnerStage Stage, int Count)[] StageMix =
    [
        (PartnerStage.Active, 24), (PartnerStage.Onboarding, 8), (PartnerStage.Approved, 4), (PartnerStage.Applicant, 6),
        (PartnerStage.Offboarding, 3), (PartnerStage.Former, 3), (PartnerStage.Rejected, 2),
    ];

    private static readonly PartnerStage[] Path =
        [PartnerStage.Applicant, PartnerStage.Approved, PartnerStage.Onboarding, PartnerStage.Active, PartnerStage.Offboarding, PartnerStage.Former];

    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        var random = seed.Random;
        var now = seed.Now;
        var owners = new[] { seed.Staff["cam"].Id, seed.Staff["cam2"].Id };

        var stages = StageMix.SelectMany(s => Enumerable.Repeat(s.Stage, s.Count)).ToArray();
        var partners = new List<Partner>();
        for (var i = 0; i < Companies.Length; i++)
        {
            var (name, domain, country, region) = Companies[i];
            var created = now.AddDays(-random.Next(30, 900));
            var partner = Partner.Create(name, PartnerStage.Applicant, created);
            partner.Type = i switch { 10 => PartnerType.Distributor, 38 => PartnerType.Referral, _ => (PartnerType)(random.Next(6)) };
            partner.Country = country;
            partner.Region = region;
            partner.Website = $"https://www.{domain}";
            partner.Domain = domain;
            partner.SizeBand = (SizeBand)random.Next(5);
            partner.Industries = Industries.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            partner.Specializations = Specializations.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            partner.OwnerId = owners[i % owners.Length];
            db.Partners.Add(partner);
            Timeline(partner.Id, created, "created", "Application received.");
            WalkTo(partner, stages[i], created, now, random);
            db.PartnerContacts.Add(new PartnerContact
            {
                PartnerId = partner.Id,
                Name = ContactNames[i % ContactNames.Length],
                Email = $"{ContactNames[i % ContactNames.Length].Split(' ')[0].ToLowerInvariant()}@{domain}",
                JobTitle = "Channel lead",
                IsPrimary = true,
                CreatedAt = created,
            });
            partners.Add(partner);
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var signIn in SignIns)
        {
            var partner = partners.Single(p => p.Name == signIn.Partner);
            var fullName = string.Join(' ', signIn.Email.Split('@')[0].Split('.').Select(n => char.ToUpperInvariant(n[0]) + n[1..]));
            var role = UserRoles.PartnerRoles.Single(r => r.DisplayName() == signIn.Role);
            await seed.CreateUserAsync(signIn.Email, fullName, role, partner.Id, withPassword: true);
        }

        // Every other partner past the application has an invited admin who has not yet set a password.
        foreach (var partner in partners.Skip(2).Where(p => p.Stage is not (PartnerStage.Applicant or PartnerStage.Rejected)))
        {
            var contact = await db.PartnerContacts.FirstAsync(c => c.PartnerId == partner.Id, cancellationToken);
            await seed.CreateUserAsync(contact.Email, contact.Name, UserRole.PartnerAdmin, partner.Id, withPassword: false);
        }
        seed.Publish(new DemoPartners([.. partners.Select(PartnerDirectory.SummaryOf)], [.. Companies.Select(c => (c.Name, c.Domain))]));
    }

    private void WalkTo(Partner partner, PartnerStage target, DateTime created, DateTime now, Random random)
    {
        var at = created;
        var steps = target == PartnerStage.Rejected ? new[] { PartnerStage.Rejected } : Path.Skip(1).TakeWhile((_, i) => Path[i] != target).ToArray();
        foreach (var next in steps)
        {
            at = at.AddDays(random.Next(2, 25));
            if (at > now) at = now;
            var transition = partner.ChangeStage(next, Reasons[next], null, "Demo data", at)
                             ?? throw new InvalidOperationException($"Demo data walks an illegal path to {next}.");
            db.PartnerStageTransitions.Add(transition);
            Timeline(partner.Id, at, "stage-changed", $"Stage changed to {Labels.Of(next)}: {transition.Reason}");
        }
    }

    private void Timeline(Guid partnerId, DateTime at, string kind, string summary) =>
        db.TimelineEntries.Add(new TimelineEntry { PartnerId = partnerId, At = at, Kind = kind, Summary = summary, ActorName = "Demo data" });

    private static readonly Dictionary<PartnerStage, string> Reasons = new()
    {
        [PartnerStage.Approved] = "Strong fit with the ideal partner profile.",
        [PartnerStage.Onboarding] = "Agreement signed; onboarding plan started.",
        [PartnerStage.Active] = "Onboarding plan completed.",
        [PartnerStage.Offboarding] = "Partner chose to leave the program.",
        [PartnerStage.Former] = "Offboarding checklist completed.",
        [PartnerStage.Rejected] = "Outside our target markets.",
    };

    private static readonly string[] ContactNames =
    [
        "Alice Moreno", "Ben Carter", "Chloe Nguyen", "David Kowalski", "Elena Rossi", "Farid Haddad", "Gita Patel", "Hugo Lambert",
        "Ines Ferreira", "James O'Neill", "Kaito Sato", "Lena Fischer", "Mateo Silva", "Nadia Petrova", "Omar Aziz", "Paula Jensen",
    ];}
