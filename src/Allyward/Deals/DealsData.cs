using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class DealsData
{
    extension(AllywardDbContext db)
    {
        public DbSet<Deal> Deals => db.Set<Deal>();
        public DbSet<DealHistoryEntry> DealHistory => db.Set<DealHistoryEntry>();
        public DbSet<Conflicts.DealMatchKey> DealMatchKeys => db.Set<Conflicts.DealMatchKey>();
        public DbSet<DealSettings> DealSettings => db.Set<DealSettings>();
        public DbSet<DealExtensionRequest> DealExtensionRequests => db.Set<DealExtensionRequest>();
        public DbSet<CustomFields.DealCustomField> DealCustomFields => db.Set<CustomFields.DealCustomField>();
    }
}
