using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.BusinessPlans;

/// <summary>The joint business plans' tables, read as properties of the shared context.</summary>
public static class BusinessPlansData
{
    extension(AllywardDbContext db)
    {
        public DbSet<BusinessPlan> BusinessPlans => db.Set<BusinessPlan>();
        public DbSet<PlanGoal> PlanGoals => db.Set<PlanGoal>();
        public DbSet<PlanAction> PlanActions => db.Set<PlanAction>();
        public DbSet<PlanHistoryEntry> PlanHistory => db.Set<PlanHistoryEntry>();
    }
}
