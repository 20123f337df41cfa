using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;
using Allyward.Onboarding.Templates;

namespace Allyward.Onboarding;

/// <summary>The standard onboarding template, and a plan part-way through for every partner in the Onboarding stage.</summary>
internal sealed class OnboardingDemoData(AllywardDbContext db) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        await SeedOnboardingAsync(seed.Get<DemoPartners>().All, cancellationToken);
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
    private async Task SeedOnboardingAsync(IReadOnlyList<PartnerSummary> partners, CancellationToken cancellationToken)
    {
        db.OnboardingTemplates.Add(new OnboardingTemplate { Name = StandardOnboarding.Name, Tasks = [.. StandardOnboarding.Tasks] });
        var index = 0;
        foreach (var partner in partners.Where(p => p.Stage == PartnerStage.Onboarding))
        {
            var started = partner.StageChangedAt.AddDays(-2);
            var plan = new OnboardingPlan { PartnerId = partner.Id, TemplateName = StandardOnboarding.Name, StartedAt = started };
            db.OnboardingPlans.Add(plan);
            var done = 1 + index++ % 3;
            foreach (var (t, i) in StandardOnboarding.Tasks.Select((t, i) => (t, i)))
            {
                var task = new OnboardingTask
                {
                    PartnerId = partner.Id, PlanId = plan.Id, Position = i + 1, Title = t.Title, Kind = t.Kind, Settings = t.Settings,
                    DueAt = started.AddDays(t.DueAfterDays),
                };
                // Demo progress: the first few tasks are done (a manual or acknowledged one carries its confirmation).
                if (i < done)
                {
                    if (t.Kind is "acknowledge-page" or "manual") task.Confirm("Demo data", started.AddDays(i + 1));
                    task.Complete("Demo data", started.AddDays(i + 1));
                }
                db.OnboardingTasks.Add(task);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

}
