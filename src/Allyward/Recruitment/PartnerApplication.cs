using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Recruitment;

public enum ApplicationStatus { Submitted, Approved, Rejected }

/// <summary>How an application's status reads on pages and in e-mails.</summary>
public static class ApplicationLabels
{
    public static string Label(this ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "Waiting for review",
        ApplicationStatus.Approved => "Approved",
        ApplicationStatus.Rejected => "Rejected",
        _ => status.ToString(),
    };
}

/// <summary>A company's application to join the partner program, scored against the ideal partner profile.</summary>
public sealed class PartnerApplication : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string CompanyName { get; set; } = "";
    public string? Website { get; set; }

    /// <summary>The company's domain, from its website or else its contact's e-mail address (never a free-mail domain).</summary>
    public string? Domain { get; set; }

    public string Country { get; set; } = "";
    public Region Region { get; set; }
    public PartnerType DesiredType { get; set; }
    public SizeBand SizeBand { get; set; }
    public List<string> Industries { get; set; } = [];
    public List<string> Specializations { get; set; } = [];
    public string? CustomerFocus { get; set; }
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string? Motivation { get; set; }

    public ApplicationStatus Status { get; private set; } = ApplicationStatus.Submitted;
    public int FitScore { get; set; }

    /// <summary>JSON array of <see cref="CriterionResult"/>: how each criterion of the profile scored.</summary>
    public string FitExplanation { get; set; } = "[]";

    /// <summary>Why this application may be a duplicate (an existing partner or open application with its domain).</summary>
    public string? DuplicateReason { get; set; }

    public DateTime SubmittedAt { get; init; }
    public string? SubmittedFromIp { get; init; }
    public DateTime? DecidedAt { get; private set; }
    public Guid? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public string? DecisionReason { get; private set; }

    /// <summary>The partner organization created when the application was approved.</summary>
    public Guid? PartnerId { get; private set; }

    /// <summary>Approves the application as the partner <paramref name="partnerId"/>; refused (with the reason) once decided.</summary>
    public string? Approve(Guid partnerId, Guid? byId, string byName, string reason, DateTime now)
    {
        if (Refusal() is { } refusal) return refusal;
        (Status, PartnerId) = (ApplicationStatus.Approved, partnerId);
        Decide(byId, byName, reason, now);
        return null;
    }

    public string? Reject(Guid? byId, string byName, string reason, DateTime now)
    {
        if (Refusal() is { } refusal) return refusal;
        Status = ApplicationStatus.Rejected;
        Decide(byId, byName, reason, now);
        return null;
    }

    private string? Refusal() =>
        Status == ApplicationStatus.Submitted ? null : $"This application was already {Status.ToString().ToLowerInvariant()}.";

    private void Decide(Guid? byId, string byName, string reason, DateTime now) =>
        (DecidedAt, DecidedById, DecidedByName, DecisionReason) = (now, byId, byName, reason);
}

internal sealed class PartnerApplicationConfiguration : IEntityTypeConfiguration<PartnerApplication>
{
    public void Configure(EntityTypeBuilder<PartnerApplication> application)
    {
        application.ToTable("Applications");
        application.Property(a => a.CompanyName).HasMaxLength(ApplicationLimits.Name);
        application.Property(a => a.Website).HasMaxLength(ApplicationLimits.Url);
        application.Property(a => a.Domain).HasMaxLength(ApplicationLimits.Url);
        application.Property(a => a.Country).HasMaxLength(2);
        application.Property(a => a.Region).HasConversion<string>().HasMaxLength(40);
        application.Property(a => a.DesiredType).HasConversion<string>().HasMaxLength(40);
        application.Property(a => a.SizeBand).HasConversion<string>().HasMaxLength(40);
        application.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        application.Property(a => a.CustomerFocus).HasMaxLength(ApplicationLimits.ShortText);
        application.Property(a => a.ContactName).HasMaxLength(ApplicationLimits.Name);
        application.Property(a => a.ContactEmail).HasMaxLength(256);
        application.Property(a => a.Motivation).HasMaxLength(ApplicationLimits.LongText);
        application.Property(a => a.DuplicateReason).HasMaxLength(500);
        application.Property(a => a.SubmittedFromIp).HasMaxLength(64);
        application.Property(a => a.DecidedByName).HasMaxLength(200);
        application.Property(a => a.DecisionReason).HasMaxLength(ApplicationLimits.ShortText);
        application.HasIndex(a => new { a.Status, a.FitScore });
        application.HasIndex(a => a.Domain);
    }
}

public static class ApplicationLimits
{
    public const int Name = 200;
    public const int Url = 300;
    public const int ShortText = 1000;
    public const int LongText = 4000;
    public const int Tags = 20;
    public const int Tag = 60;
}
