using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Allyward.Recruitment.IdealProfile;

namespace Allyward.Recruitment;

/// <summary>The module's tables, read as properties of the shared context.</summary>
public static class RecruitmentData
{
    extension(AllywardDbContext db)
    {
        public DbSet<PartnerApplication> Applications => db.Set<PartnerApplication>();
        public DbSet<IdealProfileCriterion> IdealProfileCriteria => db.Set<IdealProfileCriterion>();
    }
}
