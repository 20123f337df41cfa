using Allyward.Platform.Identity;

namespace Allyward.Recruitment;

public sealed class RecruitmentPermissions : IModulePermissions
{
    /// <summary>See the application queue and approve or reject applications.</summary>
    public const string Review = "recruitment.review";

    /// <summary>Define the ideal partner profile that scores applications.</summary>
    public const string ManageProfile = "recruitment.manage-profile";

    public IReadOnlyDictionary<UserRole, string[]> Grants { get; } = new Dictionary<UserRole, string[]>
    {
        [UserRole.ProgramAdmin] = [Review, ManageProfile],
        [UserRole.ChannelAccountManager] = [Review],
    };
}
