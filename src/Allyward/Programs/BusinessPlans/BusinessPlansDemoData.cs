using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.BusinessPlans;

/// <summary>
/// Northwind's joint business plan for the current quarter: revenue, deals, certified people and MDF activities, with
/// actions on both sides, one of them overdue.
/// </summary>
internal sealed class BusinessPlansDemoData(AllywardDbContext db) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        var now = seed.Now;
        var today = DateOnly.FromDateTime(now);
        var northwind = seed.Get<DemoPartners>().Northwind;
        var cam = seed.Staff["cam"];
        var admin = await db.Users.Where(u => u.PartnerId == northwind.Id && u.Email == "olivia.hart@northwindsystems.com")
            .Select(u => new { u.Id, u.FullName }).SingleOrDefaultAsync(cancellationToken);
        var quarter = (today.Month - 1) / 3 + 1;
        var plan = BusinessPlan.Start(northwind.Id, $"Northwind growth plan Q{quarter} {today.Year}", PlanPeriodKind.Quarter, today.Year, quarter, "USD", PlanStatus.Active,
            now.AddDays(-Math.Min(20, today.DayNumber - new DateOnly(today.Year, (quarter - 1) * 3 + 1, 1).DayNumber)));
        (plan.VendorOwnerId, plan.VendorOwnerName) = (cam.Id, cam.FullName);
        if (admin is not null) (plan.PartnerOwnerId, plan.PartnerOwnerName) = (admin.Id, admin.FullName);
        db.BusinessPlans.Add(plan);

        var partnerOwner = admin?.FullName ?? "";
        PlanGoal Goal(GoalKind kind, string title, long target, PlanSide side, string owner, long? manual = null) => new()
        {
            PartnerId = plan.PartnerId, PlanId = plan.Id, Kind = kind, Title = title, Target = target, Side = side, OwnerName = owner, ManualActual = manual, CreatedAt = plan.CreatedAt,
        };
        var revenue = Goal(GoalKind.Revenue, "Won revenue this quarter", 250_000_00, PlanSide.Partner, partnerOwner);
        var deals = Goal(GoalKind.Deals, "Deals won", 6, PlanSide.Partner, partnerOwner);
        var certified = Goal(GoalKind.CertifiedPeople, "Certified people", 4, PlanSide.Partner, partnerOwner);
        var mdf = Goal(GoalKind.MdfActivities, "Co-marketing events held", 3, PlanSide.Vendor, cam.FullName, manual: 1);
        db.PlanGoals.AddRange(revenue, deals, certified, mdf);

        PlanAction Action(string title, PlanSide side, string owner, int dueInDays, Guid? goal) => new()
        {
            PartnerId = plan.PartnerId, PlanId = plan.Id, Title = title, Side = side, OwnerName = owner, DueOn = today.AddDays(dueInDays), GoalId = goal, CreatedAt = plan.CreatedAt,
        };
        var overdue = Action("Send the list of top 20 target accounts", PlanSide.Partner, partnerOwner, -5, revenue.Id);
        var training = Action("Enroll two sellers in the sales track", PlanSide.Partner, partnerOwner, 14, certified.Id);
        training.MoveTo(PlanActionStatus.InProgress, now);
        var briefing = Action("Run a product briefing for Northwind's sellers", PlanSide.Vendor, cam.FullName, -10, deals.Id);
        briefing.MoveTo(PlanActionStatus.Done, now.AddDays(-11));
        var event1 = Action("Book the joint webinar with the Kestrel Vault team", PlanSide.Vendor, cam.FullName, 21, mdf.Id);
        db.PlanActions.AddRange(overdue, training, briefing, event1);

        db.PlanHistory.AddRange(
            new PlanHistoryEntry { PartnerId = plan.PartnerId, PlanId = plan.Id, At = plan.CreatedAt, By = cam.FullName, What = $"Plan \"{plan.Title}\" created for {plan.PeriodLabel} in USD (active)." },
            new PlanHistoryEntry { PartnerId = plan.PartnerId, PlanId = plan.Id, At = plan.CreatedAt, By = cam.FullName, What = "Goals and first actions agreed in the planning review." });
        await db.SaveChangesAsync(cancellationToken);
    }
}
