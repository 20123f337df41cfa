using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Seeding;
using Allyward.Programs.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs;

/// <summary>
/// The Kestrel partner program with four tiers, evaluated last month: partners placed by what they sold and
/// certified, promotions approved, one partner carried over at Gold and now at risk, and one promotion waiting.
/// </summary>
internal sealed class ProgramsDemoData(AllywardDbContext db, ProgramEvaluator evaluator, TierChanges changes) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        var now = seed.Now;
        var cam = seed.Staff["cam"];
        var program = new PartnerProgram
        {
            Name = "Kestrel Partner Program", Currency = "USD", GraceDays = 90, PromotionsNeedApproval = true, EvaluationDay = 1, CreatedAt = now.AddYears(-1),
            Description = "One program for resellers, MSPs, integrators and distributors: sell and certify more, earn more.",
        };
        db.Programs.Add(program);
        var registered = Tier(program, 0, "Registered", "Every partner starts here.",
            new TierBenefits { DiscountPercent = 10, Other = ["Deal registration", "Sales and technical training"] }, []);
        var silver = Tier(program, 1, "Silver", "Partners with a first year of sales and a certified seller.",
            new TierBenefits { DiscountPercent = 20, MdfEligible = true, MdfSharePercent = 10, LeadPriority = 1, Other = ["Listed in the partner locator"] },
            [Requirement(RequirementKind.WonRevenue, 100_000_00), Requirement(RequirementKind.CertifiedPeople, 1, window: 0)]);
        var gold = Tier(program, 2, "Gold", "Established partners with a certified team.",
            new TierBenefits { DiscountPercent = 30, MdfEligible = true, MdfSharePercent = 25, LeadPriority = 2, Other = ["Named partner account manager", "Joint business planning"] },
            [Requirement(RequirementKind.WonRevenue, 300_000_00), Requirement(RequirementKind.WonDeals, 5), Requirement(RequirementKind.CertifiedPeople, 2, window: 0),
             Requirement(RequirementKind.NewCustomersWon, 3, required: false), Requirement(RequirementKind.OnboardingCompleted, 1, window: 0, required: false)],
            optionalNeeded: 1);
        var platinum = Tier(program, 3, "Platinum", "Strategic partners.",
            new TierBenefits { DealProtectionDays = 180, DiscountPercent = 35, MdfEligible = true, MdfSharePercent = 40, LeadPriority = 3, Other = ["Executive sponsor", "Early access to the roadmap"] },
            [Requirement(RequirementKind.WonRevenue, 1_000_000_00), Requirement(RequirementKind.WonDeals, 12), Requirement(RequirementKind.CertifiedPeople, 4, window: 0)]);
        db.Tiers.AddRange(registered, silver, gold, platinum);

        // A partner carried over at Gold from the program's first year, whose sales have since fallen short.
        var partners = seed.Get<DemoPartners>().All;
        var carriedOver = partners.Skip(2).First(p => p.Stage == PartnerStage.Active);
        var membership = ProgramMembership.Join(program.Id, carriedOver.Id, registered.Id, now.AddYears(-1));
        db.ProgramMemberships.Add(membership);
        changes.Record(program, Manager(carriedOver), membership, null, gold, now.AddYears(-1), "Carried over from the previous program.", cam.FullName,
            new RequirementResults(), announce: false);
        await db.SaveChangesAsync(cancellationToken);

        // Last month's evaluation: everyone joins, promotions are proposed, the carried-over partner is warned.
        db.ChangeTracker.Clear();
        await evaluator.RunAsync(program.Id, "Scheduled evaluation", null, cancellationToken);
        db.ChangeTracker.Clear();

        // The CAM approved every promotion but Bluefin's, which waits.
        var bluefin = seed.Get<DemoPartners>().Bluefin.Id;
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == program.Id).ToDictionaryAsync(t => t.Id, cancellationToken);
        var tracked = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == program.Id, cancellationToken);
        foreach (var proposal in await db.TierProposals.Where(p => p.ProgramId == program.Id && p.Status == ProposalStatus.Pending && p.PartnerId != bluefin).ToListAsync(cancellationToken))
        {
            proposal.Decide(true, now.AddDays(-1), cam.FullName, null);
            var member = await db.ProgramMemberships.SingleAsync(m => m.ProgramId == program.Id && m.PartnerId == proposal.PartnerId, cancellationToken);
            changes.Record(tracked, Manager(partners.Single(p => p.Id == proposal.PartnerId)), member, tiers[proposal.FromTierId], tiers[proposal.ToTierId], now.AddDays(-1),
                $"Met the requirements of {proposal.ToTier}; promotion approved by {cam.FullName}.", cam.FullName, proposal.Evidence, announce: false);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static PartnerWithManager Manager(PartnerSummary p) => new(p.Id, p.Name, p.Type, p.Stage, p.OwnerId, null);

    private static Tier Tier(PartnerProgram program, int rank, string name, string description, TierBenefits benefits, List<TierRequirement> requirements, int optionalNeeded = 0) => new()
    {
        ProgramId = program.Id, Rank = rank, Name = name, Description = description, Benefits = benefits,
        Requirements = new TierRequirements { Items = requirements, OptionalNeeded = optionalNeeded },
    };

    private static TierRequirement Requirement(RequirementKind kind, long target, int window = 12, bool required = true) =>
        new() { Kind = kind, Target = target, WindowMonths = window, Required = required };
}
