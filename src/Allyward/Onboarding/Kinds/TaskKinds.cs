using Allyward.Agreements.Contracts;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Onboarding.Kinds;

/// <summary>
/// A kind of onboarding task: which settings it takes, and how to tell that it is done. A new kind (such as
/// "complete a course" from Enablement) is one more implementation registered in DI; no other kind changes.
/// </summary>
public interface IOnboardingTaskKind
{
    /// <summary>The code name the API and templates store ("sign-agreement").</summary>
    string Name { get; }

    /// <summary>The name a person reads ("Sign an agreement").</summary>
    string Label { get; }

    string Description { get; }

    /// <summary>Who marks the task done by hand, if anyone: the partner (acknowledge) or the vendor (manual).</summary>
    TaskConfirmer Confirmer => TaskConfirmer.Nobody;

    void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors);

    Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken);
}

public enum TaskConfirmer { Nobody, Partner, Vendor }

internal sealed class SignAgreementKind : IOnboardingTaskKind
{
    public string Name => "sign-agreement";
    public string Label => "Sign an agreement";
    public string Description => "Sign an agreement (done when the partner signs the current version).";

    public void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors)
    {
        if (settings.AgreementTitle is { Length: > 200 }) errors.Add($"{field}.settings.agreementTitle", "The agreement title is at most 200 characters.");
    }

    public async Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken)
    {
        return await SignedAgreements.HasSignedAsync(db, task.PartnerId, task.Settings.AgreementTitle, cancellationToken);
    }
}

internal sealed class CompleteCourseKind : IOnboardingTaskKind
{
    public string Name => "complete-course";
    public string Label => "Complete a course";
    public string Description => "Complete a course (done when someone at the partner completes it).";

    public void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors)
    {
        if (settings.CourseTitle is { Length: > 200 }) errors.Add($"{field}.settings.courseTitle", "The course title is at most 200 characters.");
    }

    public Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken) =>
        Learning.Contracts.CompletedCourses.AnyAsync(db, task.PartnerId, task.Settings.CourseTitle, cancellationToken);
}

internal sealed class CompleteProfileKind : IOnboardingTaskKind
{
    private static IReadOnlyList<string> Fields => PartnerProfile.Fields;

    public string Name => "complete-profile";
    public string Label => "Complete the profile";
    public string Description => "Complete profile fields (done when every listed field is filled in).";

    public void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors)
    {
        if (settings.ProfileFields is not { Count: > 0 } fields || fields.Any(f => !Fields.Contains(f)))
        {
            errors.Add($"{field}.settings.profileFields", $"List one or more of: {string.Join(", ", Fields)}.");
        }
    }

    public async Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken)
    {
        var filled = await PartnerProfile.FilledFieldsAsync(db, task.PartnerId, cancellationToken);
        return (task.Settings.ProfileFields ?? []).All(filled.Contains);
    }
}

internal sealed class UploadDocumentKind : IOnboardingTaskKind
{
    public string Name => "upload-document";
    public string Label => "Upload a document";
    public string Description => "Upload a document (done when an allowed file is uploaded to the task).";

    public void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors)
    {
        var known = FileTypes.All.Select(t => t.Extension.TrimStart('.')).Append("jpeg").ToHashSet();
        if (settings.AllowedTypes is not { Count: > 0 } types || types.Any(t => t is null || !known.Contains(t.ToLowerInvariant())))
        {
            errors.Add($"{field}.settings.allowedTypes", "List the allowed types: pdf, png and/or jpg.");
        }
        if (settings.MaxSizeMb is < 1 or > 25) errors.Add($"{field}.settings.maxSizeMb", "The largest size is 1 to 25 MB.");
    }

    public Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult(task.FileId is not null);

    public static IReadOnlyList<FileTypes.FileType> Allowed(TaskSettings settings) =>
        FileTypes.All.Where(t => (settings.AllowedTypes ?? ["pdf"]).Any(a =>
            string.Equals("." + a.TrimStart('.'), t.Extension, StringComparison.OrdinalIgnoreCase) || t.OtherExtensions.Contains("." + a.ToLowerInvariant()))).ToList();

    public static long MaxBytes(TaskSettings settings) => (settings.MaxSizeMb ?? 10) * 1024L * 1024L;
}

internal sealed class AcknowledgePageKind : IOnboardingTaskKind
{
    public string Name => "acknowledge-page";
    public string Label => "Acknowledge a page";
    public string Description => "Read and acknowledge a page (done when a partner user acknowledges it).";
    public TaskConfirmer Confirmer => TaskConfirmer.Partner;

    public void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(settings.PageText) || settings.PageText.Length > 20_000)
        {
            errors.Add($"{field}.settings.pageText", "Give the text to acknowledge (at most 20,000 characters).");
        }
    }

    public Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult(task.ConfirmedAt is not null);
}

internal sealed class ManualTaskKind : IOnboardingTaskKind
{
    public string Name => "manual";
    public string Label => "Confirmed by the vendor";
    public string Description => "A manual task the channel account manager confirms (for example a kick-off call).";
    public TaskConfirmer Confirmer => TaskConfirmer.Vendor;

    public void ValidateSettings(TaskSettings settings, string field, ValidationErrors errors)
    {
        if (settings.Instructions is { Length: > 2000 }) errors.Add($"{field}.settings.instructions", "The instructions are at most 2000 characters.");
    }

    public Task<bool> IsDoneAsync(OnboardingTask task, AllywardDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult(task.ConfirmedAt is not null);
}
