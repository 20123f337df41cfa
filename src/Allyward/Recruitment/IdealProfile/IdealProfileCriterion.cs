using Allyward.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Recruitment.IdealProfile;

/// <summary>What an application is compared on.</summary>
/// <summary>
/// What an application is compared on. <see cref="RequiredAnswer"/> looks for any of its values (keywords)
/// in the applicant's own answers: the customer focus and the motivation.
/// </summary>
public enum CriterionKind { Industry, Country, Region, SizeBand, Specialization, PartnerType, RequiredAnswer }

/// <summary>How a criterion reads on pages.</summary>
public static class CriterionLabels
{
    public static string Label(this CriterionKind kind) => kind switch
    {
        CriterionKind.SizeBand => "Company size",
        CriterionKind.PartnerType => "Partner type",
        CriterionKind.RequiredAnswer => "Required answer",
        _ => kind.ToString(),
    };
}

/// <summary>One weighted criterion of the ideal partner profile: the values the vendor wants for one attribute.</summary>
public sealed class IdealProfileCriterion : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public CriterionKind Kind { get; set; }
    public List<string> Values { get; set; } = [];

    /// <summary>1 (nice to have) to 10 (essential).</summary>
    public int Weight { get; set; }
}

internal sealed class IdealProfileCriterionConfiguration : IEntityTypeConfiguration<IdealProfileCriterion>
{
    public void Configure(EntityTypeBuilder<IdealProfileCriterion> criterion)
    {
        criterion.ToTable("IdealProfileCriteria");
        criterion.Property(c => c.Kind).HasConversion<string>().HasMaxLength(40);
        criterion.HasIndex(c => c.Kind).IsUnique();
    }
}
