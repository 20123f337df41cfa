using Allyward.Platform.Data;
using Allyward.Programs.Currencies;
using Allyward.Programs.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class ProgramsData
{
    extension(AllywardDbContext db)
    {
        public DbSet<PartnerProgram> Programs => db.Set<PartnerProgram>();
        public DbSet<Tier> Tiers => db.Set<Tier>();
        public DbSet<ProgramMembership> ProgramMemberships => db.Set<ProgramMembership>();
        public DbSet<TierChange> TierChanges => db.Set<TierChange>();
        public DbSet<TierProposal> TierProposals => db.Set<TierProposal>();
        public DbSet<TierEvaluation> TierEvaluations => db.Set<TierEvaluation>();
        public DbSet<ExchangeRate> ExchangeRates => db.Set<ExchangeRate>();
        public DbSet<CustomKpi> CustomKpis => db.Set<CustomKpi>();
        public DbSet<KpiValue> KpiValues => db.Set<KpiValue>();
    }
}
