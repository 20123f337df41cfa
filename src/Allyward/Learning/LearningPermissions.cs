using Allyward.Platform.Identity;

namespace Allyward.Learning;

public sealed class LearningPermissions : IModulePermissions
{
    /// <summary>Build and publish courses, quizzes, tracks, certifications and assignment rules.</summary>
    public const string Author = "learning.author";

    /// <summary>See every partner's learners, progress, certificates and the reports.</summary>
    public const string ViewAll = "learning.view-all";

    /// <summary>Revoke a certificate.</summary>
    public const string Revoke = "learning.revoke";

    /// <summary>Take courses and quizzes, and hold certificates.</summary>
    public const string Learn = "learning.learn";

    /// <summary>See one's own organization's learners, progress and certificates.</summary>
    public const string ViewTeam = "learning.view-team";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [Author, ViewAll, Revoke],
        [UserRole.Marketing] = [Author, ViewAll],
        [UserRole.ChannelAccountManager] = [ViewAll],
        [UserRole.Executive] = [ViewAll],
        [UserRole.PartnerAdmin] = [Learn, ViewTeam],
        [UserRole.PartnerExecutive] = [Learn, ViewTeam],
        [UserRole.PartnerSales] = [Learn],
        [UserRole.PartnerTechnical] = [Learn],
        [UserRole.PartnerMarketing] = [Learn],
    };
}
