using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class PartnersData
{
    extension(AllywardDbContext db)
    {
        public DbSet<Partner> Partners => db.Set<Partner>();
        public DbSet<PartnerContact> PartnerContacts => db.Set<PartnerContact>();
        public DbSet<PartnerStageTransition> PartnerStageTransitions => db.Set<PartnerStageTransition>();
        public DbSet<TimelineEntry> TimelineEntries => db.Set<TimelineEntry>();
    }
}
