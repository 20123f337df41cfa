using Allyward.Platform.Data;

namespace Allyward.Recruitment.Contracts;

/// <summary>One partner application as other modules count it: when it came in and, once decided, how.</summary>
public sealed record ApplicationOutcome
{
    public DateTime SubmittedAt { get; init; }
    public bool Approved { get; init; }
    public DateTime? DecidedAt { get; init; }

    /// <summary>The partner the approval created.</summary>
    public Guid? PartnerId { get; init; }
}

public static class RecruitmentFigures
{
    extension(AllywardDbContext db)
    {
        public IQueryable<ApplicationOutcome> ApplicationOutcomes => db.Set<PartnerApplication>().Select(a => new ApplicationOutcome
        {
            SubmittedAt = a.SubmittedAt,
            Approved = a.Status == ApplicationStatus.Approved,
            DecidedAt = a.DecidedAt,
            PartnerId = a.PartnerId,
        });
    }
}
