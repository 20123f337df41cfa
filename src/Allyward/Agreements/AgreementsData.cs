using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class AgreementsData
{
    extension(AllywardDbContext db)
    {
        public DbSet<AgreementVersion> AgreementVersions => db.Set<AgreementVersion>();
        public DbSet<AgreementSignature> AgreementSignatures => db.Set<AgreementSignature>();
        public DbSet<AgreementReminder> AgreementReminders => db.Set<AgreementReminder>();
    }
}
