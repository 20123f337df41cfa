using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Allyward.Onboarding.Templates;

namespace Allyward.Onboarding;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class OnboardingData
{
    extension(AllywardDbContext db)
    {
        public DbSet<OnboardingTemplate> OnboardingTemplates => db.Set<OnboardingTemplate>();
        public DbSet<OnboardingPlan> OnboardingPlans => db.Set<OnboardingPlan>();
        public DbSet<OnboardingTask> OnboardingTasks => db.Set<OnboardingTask>();
    }
}
