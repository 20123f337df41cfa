using Allyward.Agreements;
using Allyward.Onboarding;
using Allyward.Onboarding.Templates;
using Allyward.Partners;
using Allyward.Recruitment;
using Allyward.Recruitment.IdealProfile;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Seeding;

/// <summary>
/// A believable partner program to explore: vendor staff in every vendor role, fifty partner organizations
/// across types, regions and lifecycle stages, two partners whose users cover every partner role, an ideal
/// partner profile and a queue of applications to review.
/// Deterministic, so the same names come back on every fresh database.
/// </summary>
public sealed class DemoData(AllywardDbContext db, UserManager<AppUser> users, TimeProvider time)
{
    public const string Password = "Allyward-demo-2026";
    public const string VendorDomain = "kestrelcloud.example";

    public sealed record DemoSignIn(string Email, string Role, string? Partner);

    public static readonly DemoSignIn[] SignIns =
    [
        new($"admin@{VendorDomain}", "Program admin", null),
        new($"cam@{VendorDomain}", "Channel account manager", null),
        new($"cam2@{VendorDomain}", "Channel account manager", null),
        new($"marketing@{VendorDomain}", "Marketing", null),
        new($"finance@{VendorDomain}", "Finance", null),
        new($"exec@{VendorDomain}", "Executive", null),
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

    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Users.IgnoreQueryFilters().AnyAsync(cancellationToken)) return false;

        var random = new Random(2026);
        var now = time.GetUtcNow().UtcDateTime;

        var staff = new Dictionary<string, AppUser>();
        foreach (var (email, name, role) in new[]
                 {
                     ("admin", "Priya Raman", UserRole.ProgramAdmin),
                     ("cam", "Marcus Webb", UserRole.ChannelAccountManager),
                     ("cam2", "Sofia Lindqvist", UserRole.ChannelAccountManager),
                     ("marketing", "Hannah Cole", UserRole.Marketing),
                     ("finance", "Rafael Duarte", UserRole.Finance),
                     ("exec", "Elaine Park", UserRole.Executive),
                 })
        {
            staff[email] = await CreateUserAsync($"{email}@{VendorDomain}", name, role, null, now, withPassword: true);
        }
        var owners = new[] { staff["cam"].Id, staff["cam2"].Id };

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

        foreach (var signIn in SignIns.Where(s => s.Partner is not null))
        {
            var partner = partners.Single(p => p.Name == signIn.Partner);
            var fullName = string.Join(' ', signIn.Email.Split('@')[0].Split('.').Select(n => char.ToUpperInvariant(n[0]) + n[1..]));
            var role = UserRoles.PartnerRoles.Single(r => r.DisplayName() == signIn.Role);
            await CreateUserAsync(signIn.Email, fullName, role, partner.Id, now, withPassword: true);
        }
        await SeedRecruitmentAsync(now, random, cancellationToken);
        await SeedAgreementAsync(partners, now, cancellationToken);
        await SeedOnboardingAsync(partners, cancellationToken);

        // Every other partner past the application has an invited admin who has not yet set a password.
        foreach (var partner in partners.Skip(2).Where(p => p.Stage is not (PartnerStage.Applicant or PartnerStage.Rejected)))
        {
            var contact = await db.PartnerContacts.FirstAsync(c => c.PartnerId == partner.Id, cancellationToken);
            await CreateUserAsync(contact.Email, contact.Name, UserRole.PartnerAdmin, partner.Id, now, withPassword: false);
        }
        await SeedDealsAsync(partners, staff["cam"], now, cancellationToken);
        return true;
    }

    /// <summary>
    /// A few deals in every state: two partners registering one customer (a conflict in the CAM's queue), approved
    /// deals, one whose protection ends soon, won and rejected ones, and one through a distributor.
    /// </summary>
    private async Task SeedDealsAsync(List<Partner> partners, AppUser cam, DateTime now, CancellationToken cancellationToken)
    {
        var northwind = partners[0];
        var bluefin = partners[1];
        var distributor = partners.FirstOrDefault(p => p.Type == PartnerType.Distributor && p.Stage == PartnerStage.Active && p != northwind);
        var other = partners.Skip(2).First(p => p.Stage == PartnerStage.Active);
        var sellers = await db.Users.Where(u => u.PartnerId == northwind.Id || u.PartnerId == bluefin.Id || u.PartnerId == other.Id)
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var northwindSeller = sellers.Values.First(u => u.PartnerId == northwind.Id && u.Role == UserRole.PartnerSales);
        var bluefinSeller = sellers.Values.First(u => u.PartnerId == bluefin.Id && u.Role == UserRole.PartnerSales);
        var otherAdmin = sellers.Values.First(u => u.PartnerId == other.Id);

        (Partner Partner, AppUser By, string Customer, string? Website, string? Email, string Country, long Amount, string Currency, int DaysAgo, Deals.DealStatus Status, string? Reason, Guid? Through)[] deals =
        [
            (northwind, northwindSeller, "Contoso Pharmaceuticals", "https://www.contoso-pharma.example", null, "US", 180_000_00, "USD", 2, Deals.DealStatus.Submitted, null, null),
            (bluefin, bluefinSeller, "Contoso Pharma GmbH", null, "einkauf@contoso-pharma.example", "DE", 150_000_00, "EUR", 1, Deals.DealStatus.Submitted, null, null),
            (northwind, northwindSeller, "Fabrikam Logistics", "https://fabrikam-logistics.example", null, "US", 64_000_00, "USD", 20, Deals.DealStatus.Approved, null, null),
            (bluefin, bluefinSeller, "Tailspin Toys AG", "https://tailspin.example", null, "DE", 22_500_00, "EUR", 80, Deals.DealStatus.Approved, null, null),
            (northwind, northwindSeller, "Adventure Works Cycles", "https://adventure-works.example", null, "US", 96_000_00, "USD", 45, Deals.DealStatus.Won, null, null),
            (bluefin, bluefinSeller, "Wide World Importers", null, "it@wideworldimporters.example", "NL", 40_000_00, "EUR", 10, Deals.DealStatus.Rejected, "A direct account of the vendor.", null),
            (northwind, northwindSeller, "Litware Inc.", "https://litware.example", null, "CA", 75_000_00, "CAD", 3, Deals.DealStatus.Submitted, null, distributor?.Id),
            (other, otherAdmin, "Proseware Ltd", "https://proseware.example", null, "GB", 31_000_00, "GBP", 5, Deals.DealStatus.Submitted, null, null),
        ];
        foreach (var d in deals)
        {
            var identity = Deals.Conflicts.CustomerIdentity.Of(d.Customer, d.Website, d.Email);
            var submitted = now.AddDays(-d.DaysAgo);
            var decided = d.Status == Deals.DealStatus.Submitted ? (DateTime?)null : submitted.AddHours(5);
            var deal = new Deals.Deal
            {
                PartnerId = d.Partner.Id, DistributorId = d.Through, CustomerName = d.Customer, CustomerWebsite = d.Website, ContactEmail = d.Email,
                ContactName = "Sam Buyer", CustomerCountry = d.Country, CustomerDomain = identity.Domain, NameKey = identity.NameKey,
                Products = ["Kestrel Cloud Platform"], AmountMinor = d.Amount, Currency = d.Currency,
                ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(d.Status == Deals.DealStatus.Won ? -5 : 45)),
                Status = d.Status, SubmittedAt = submitted, RegisteredById = d.By.Id, RegisteredByName = d.By.FullName,
                DecidedAt = decided, DecidedByName = decided is null ? null : cam.FullName, DecisionReason = d.Reason,
                ProtectedUntil = d.Status is Deals.DealStatus.Approved or Deals.DealStatus.Won ? decided!.Value.AddDays(90) : null,
            };
            db.Deals.Add(deal);
            if (d.Status is Deals.DealStatus.Submitted or Deals.DealStatus.Approved) Deals.Conflicts.MatchKeys.File(deal);
            db.DealHistory.Add(new Deals.DealHistoryEntry { DealId = deal.Id, PartnerId = deal.PartnerId, At = submitted, ActorName = d.By.FullName, Action = "submitted" });
            if (decided is { } at)
            {
                var action = d.Status == Deals.DealStatus.Rejected ? "rejected" : "approved";
                db.DealHistory.Add(new Deals.DealHistoryEntry
                {
                    DealId = deal.Id, PartnerId = deal.PartnerId, At = at, ActorName = cam.FullName, Action = action,
                    Detail = action == "approved" ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : d.Reason,
                });
                if (d.Status == Deals.DealStatus.Won)
                {
                    db.DealHistory.Add(new Deals.DealHistoryEntry { DealId = deal.Id, PartnerId = deal.PartnerId, At = now.AddDays(-5), ActorName = d.By.FullName, Action = "won" });
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedAgreementAsync(List<Partner> partners, DateTime now, CancellationToken cancellationToken)
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
        var signer = await users.FindByEmailAsync(SignIns[6].Email);
        var northwind = partners.Single(p => p.Name == SignIns[6].Partner);
        db.AgreementSignatures.Add(new AgreementSignature
        {
            PartnerId = northwind.Id, AgreementVersionId = version.Id, SignerId = signer!.Id, SignerName = signer.FullName,
            SignerEmail = signer.Email!, SignedAt = northwind.StageChangedAt, DocumentSha256 = version.Sha256, IpAddress = "203.0.113.10",
            UserAgent = "Demo data",
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public static readonly OnboardingTemplate StandardOnboarding = new()
    {
        Name = "Standard onboarding",
        Tasks =
        [
            new TemplateTask { Title = "Sign the Partner Program Agreement", Kind = "sign-agreement", DueAfterDays = 7, Settings = new() { AgreementTitle = "Partner Program Agreement" } },
            new TemplateTask { Title = "Complete your company profile", Kind = "complete-profile", DueAfterDays = 7, Settings = new() { ProfileFields = ["website", "industries", "specializations"] } },
            new TemplateTask { Title = "Upload your tax registration certificate", Kind = "upload-document", DueAfterDays = 14, Settings = new() { AllowedTypes = ["pdf", "png", "jpg"], MaxSizeMb = 5, Instructions = "A PDF or a photo of the certificate." } },
            new TemplateTask { Title = "Read the partner code of conduct", Kind = "acknowledge-page", DueAfterDays = 14, Settings = new() { PageText = "We sell honestly, we protect customer data, and we register every deal before we quote it.\nWe never offer anything of value to win a deal." } },
            new TemplateTask { Title = "Kick-off call with your channel account manager", Kind = "manual", DueAfterDays = 21, Settings = new() { Instructions = "The channel account manager marks this done after the call." } },
        ],
    };

    /// <summary>The standard template, and a plan part-way through for every partner in the Onboarding stage.</summary>
    private async Task SeedOnboardingAsync(List<Partner> partners, CancellationToken cancellationToken)
    {
        db.OnboardingTemplates.Add(new OnboardingTemplate { Name = StandardOnboarding.Name, Tasks = [.. StandardOnboarding.Tasks] });
        var index = 0;
        foreach (var partner in partners.Where(p => p.Stage == PartnerStage.Onboarding))
        {
            var started = partner.StageChangedAt.AddDays(-2);
            var plan = new OnboardingPlan { PartnerId = partner.Id, TemplateName = StandardOnboarding.Name, StartedAt = started };
            db.OnboardingPlans.Add(plan);
            var done = 1 + index++ % 3;
            db.OnboardingTasks.AddRange(StandardOnboarding.Tasks.Select((t, i) => new OnboardingTask
            {
                PartnerId = partner.Id, PlanId = plan.Id, Position = i + 1, Title = t.Title, Kind = t.Kind, Settings = t.Settings,
                DueAt = started.AddDays(t.DueAfterDays),
                // Demo progress: the first few tasks are done (a manual or acknowledged one carries its confirmation).
                CompletedAt = i < done ? started.AddDays(i + 1) : null,
                CompletedByName = i < done ? "Demo data" : null,
                ConfirmedAt = i < done && t.Kind is "acknowledge-page" or "manual" ? started.AddDays(i + 1) : null,
            }));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedRecruitmentAsync(DateTime now, Random random, CancellationToken cancellationToken)
    {
        var profile = new List<IdealProfileCriterion>
        {
            new() { Kind = CriterionKind.Industry, Values = ["Healthcare", "Financial services", "Public sector"], Weight = 8 },
            new() { Kind = CriterionKind.Specialization, Values = ["Security", "Cloud migration", "Identity"], Weight = 6 },
            new() { Kind = CriterionKind.Region, Values = [nameof(Region.Europe), nameof(Region.NorthAmerica)], Weight = 5 },
            new() { Kind = CriterionKind.SizeBand, Values = [nameof(SizeBand.Medium), nameof(SizeBand.Large)], Weight = 4 },
            new() { Kind = CriterionKind.PartnerType, Values = [nameof(PartnerType.Reseller), nameof(PartnerType.SystemIntegrator), nameof(PartnerType.ManagedServiceProvider)], Weight = 3 },
        };
        db.IdealProfileCriteria.AddRange(profile);
        foreach (var (company, domain, country, type, size, industries, specializations, contact) in Applicants)
        {
            var application = new PartnerApplication
            {
                CompanyName = company, Website = $"https://www.{domain}", Domain = domain, Country = country,
                Region = Countries.RegionOf(country) ?? Region.NorthAmerica, DesiredType = type, SizeBand = size,
                Industries = [.. industries], Specializations = [.. specializations], CustomerFocus = "Mid-market companies",
                ContactName = contact, ContactEmail = $"{contact.Split(' ')[0].ToLowerInvariant()}@{domain}",
                Motivation = $"{company} wants to add your platform to its portfolio.", Status = ApplicationStatus.Submitted,
                SubmittedAt = now.AddDays(-random.Next(1, 20)).AddHours(-random.Next(0, 23)),
            };
            var fit = FitScoring.Score(application, profile);
            application.FitScore = fit.Score;
            application.FitExplanation = fit.ExplanationJson();
            application.DuplicateReason = Companies.Any(c => c.Domain == domain) ? $"The domain {domain} belongs to the partner {Companies.First(c => c.Domain == domain).Name}." : null;
            db.Applications.Add(application);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly (string Company, string Domain, string Country, PartnerType Type, SizeBand Size, string[] Industries, string[] Specializations, string Contact)[] Applicants =
    [
        ("Helix Health IT", "helixhealthit.com", "US", PartnerType.SystemIntegrator, SizeBand.Medium, ["Healthcare"], ["Security", "Identity"], "Rosa Delgado"),
        ("Vantage Secure Networks", "vantagesecure.co.uk", "GB", PartnerType.Reseller, SizeBand.Large, ["Financial services"], ["Security"], "Tom Archer"),
        ("Quill & Ledger Consulting", "quillledger.de", "DE", PartnerType.Referral, SizeBand.Small, ["Financial services"], ["Data & analytics"], "Greta Vogel"),
        ("Sunbelt Managed IT", "sunbeltmsp.com", "US", PartnerType.ManagedServiceProvider, SizeBand.Small, ["Retail", "Logistics"], ["Managed services"], "Jamal Price"),
        ("Kowloon Cloud Works", "kowlooncloud.hk", "HK", PartnerType.Reseller, SizeBand.Micro, ["Media"], ["Collaboration"], "Wing Chan"),
        ("Fjellstad Integrasjon", "fjellstad.no", "NO", PartnerType.SystemIntegrator, SizeBand.Medium, ["Public sector", "Energy"], ["Cloud migration"], "Ingrid Solberg"),
        ("Northwind Systems EMEA", "northwindsystems.com", "IE", PartnerType.Reseller, SizeBand.Medium, ["Healthcare"], ["Security"], "Ciara Byrne"),
        ("Pampa Digital Services", "pampadigital.com.ar", "AR", PartnerType.TechnologyPartner, SizeBand.Small, ["Education"], ["AI & ML"], "Lucía Romero"),
    ];

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
            Timeline(partner.Id, at, "stage-changed", $"Stage changed to {next}: {transition.Reason}");
        }
    }

    private void Timeline(Guid partnerId, DateTime at, string kind, string summary) =>
        db.TimelineEntries.Add(new TimelineEntry { PartnerId = partnerId, At = at, Kind = kind, Summary = summary, ActorName = "Demo data" });

    private async Task<AppUser> CreateUserAsync(string email, string name, UserRole role, Guid? partnerId, DateTime now, bool withPassword)
    {
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = withPassword,
            FullName = name,
            Role = role,
            PartnerId = partnerId,
            CreatedAt = now,
            InvitedAt = now,
            LockoutEnabled = true,
        };
        var result = withPassword ? await users.CreateAsync(user, Password) : await users.CreateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

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
    ];
}
