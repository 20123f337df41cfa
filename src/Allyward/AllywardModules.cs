using Allyward.Agreements;
using Allyward.Deals;
using Allyward.Learning;
using Allyward.Onboarding;
using Allyward.Partners;
using Allyward.Programs;
using Allyward.Platform.Modules;
using Allyward.Recruitment;

namespace Allyward;

/// <summary>The modules Allyward runs with, in the order their menu entries, cards and demo data come.</summary>
public static class AllywardModules
{
    public static AllywardModule[] All() =>
    [
        new PartnersModule(),
        new RecruitmentModule(),
        new AgreementsModule(),
        new OnboardingModule(),
        new DealsModule(),
        new LearningModule(),
        new ProgramsModule(),
    ];
}
