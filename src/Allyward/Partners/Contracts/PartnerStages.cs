using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.Contracts;

/// <summary>An applicant company admitted into the program.</summary>
public sealed record NewPartner
{
    public required string Name { get; init; }
    public PartnerType Type { get; init; }
    public string Country { get; init; } = "";
    public Region Region { get; init; }
    public SizeBand SizeBand { get; init; }
    public IReadOnlyList<string> Industries { get; init; } = [];
    public IReadOnlyList<string> Specializations { get; init; } = [];
    public string? Website { get; init; }
    public string? Domain { get; init; }
    public Guid? OwnerId { get; init; }
    public DateTime AppliedAt { get; init; }
}

/// <summary>
/// The lifecycle moves other modules make: admitting an approved applicant, onboarding moving a partner on.
/// Each joins the caller's unit of work (the caller saves), records the transition and a timeline line, and
/// refuses a move the lifecycle does not allow.
/// </summary>
public sealed class PartnerStages(AllywardDbContext db, CurrentUser currentUser, TimeProvider time, PartnerTimeline timeline)
{
    /// <summary>Adds the applicant as a partner in stage Approved and returns its id.</summary>
    public Guid Admit(NewPartner applicant, string reason)
    {
        var partner = Partner.Create(applicant.Name, PartnerStage.Applicant, applicant.AppliedAt);
        partner.Type = applicant.Type;
        partner.Country = applicant.Country;
        partner.Region = applicant.Region;
        partner.SizeBand = applicant.SizeBand;
        partner.Industries = [.. applicant.Industries];
        partner.Specializations = [.. applicant.Specializations];
        partner.Website = applicant.Website;
        partner.Domain = applicant.Domain;
        partner.OwnerId = applicant.OwnerId;
        db.Set<Partner>().Add(partner);
        db.Set<PartnerStageTransition>().Add(partner.ChangeStage(PartnerStage.Approved, reason, currentUser.Id, ActorName, time.GetUtcNow().UtcDateTime)!);
        return partner.Id;
    }

    /// <summary>Moves the partner to <paramref name="to"/> if its lifecycle allows it; false when it does not.</summary>
    public async Task<bool> MoveAsync(Guid partnerId, PartnerStage to, string reason, CancellationToken cancellationToken = default)
    {
        var partner = await db.Set<Partner>().SingleAsync(p => p.Id == partnerId, cancellationToken);
        var from = partner.Stage;
        if (partner.ChangeStage(to, reason, currentUser.Id, ActorName, time.GetUtcNow().UtcDateTime) is not { } transition) return false;
        db.Set<PartnerStageTransition>().Add(transition);
        timeline.Record(partnerId, "stage-changed", $"Stage changed from {Labels.Of(from)} to {Labels.Of(to)}: {reason}");
        return true;
    }

    private string ActorName => currentUser.IsAuthenticated ? currentUser.Name : "system";
}
