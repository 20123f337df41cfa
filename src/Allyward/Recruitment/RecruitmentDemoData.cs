using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;
using Allyward.Recruitment.IdealProfile;

namespace Allyward.Recruitment;

/// <summary>An ideal partner profile and a queue of applications to review, one of them from a known partner's domain.</summary>
internal sealed class RecruitmentDemoData(AllywardDbContext db) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        await SeedRecruitmentAsync(seed.Now, seed.Random, seed.Get<DemoPartners>().Companies, cancellationToken);
    }

    private async Task SeedRecruitmentAsync(DateTime now, Random random, IReadOnlyList<(string Name, string Domain)> Companies, CancellationToken cancellationToken)
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
                Motivation = $"{company} wants to add your platform to its portfolio.",
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

}
