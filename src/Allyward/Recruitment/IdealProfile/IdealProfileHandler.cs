using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Recruitment.IdealProfile;

public sealed record CriterionDto
{
    [Required(ErrorMessage = "Say what the criterion compares.")]
    public CriterionKind? Kind { get; init; }

    [Required(ErrorMessage = "List the wanted values.")]
    public List<string>? Values { get; init; }

    [Required(ErrorMessage = "Give a weight."), Range(1, 10, ErrorMessage = "The weight is 1 to 10.")]
    public int? Weight { get; init; }
}

public sealed record IdealProfileDto(IReadOnlyList<CriterionDto> Criteria);

/// <summary>Reads and replaces the ideal partner profile; replacing it rescores every open application.</summary>
public sealed class IdealProfileHandler(AllywardDbContext db)
{
    public async Task<IdealProfileDto> GetAsync(CancellationToken cancellationToken = default) =>
        new((await db.IdealProfileCriteria.AsNoTracking().ToListAsync(cancellationToken))
            .OrderByDescending(c => c.Weight).ThenBy(c => c.Kind)
            .Select(c => new CriterionDto { Kind = c.Kind, Values = c.Values, Weight = c.Weight })
            .ToList());

    public async Task<Outcome<IdealProfileDto>> SaveAsync(IdealProfileDto profile, CancellationToken cancellationToken = default)
    {
        var errors = Validate(profile);
        if (errors.Any) return Outcome<IdealProfileDto>.Invalid(errors);

        db.IdealProfileCriteria.RemoveRange(await db.IdealProfileCriteria.ToListAsync(cancellationToken));
        var criteria = profile.Criteria.Select(c => new IdealProfileCriterion
        {
            Kind = c.Kind!.Value,
            Values = c.Values!.Select(v => Canonical(c.Kind.Value, v.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Weight = c.Weight!.Value,
        }).ToList();
        db.IdealProfileCriteria.AddRange(criteria);

        foreach (var application in await db.Applications.Where(a => a.Status == ApplicationStatus.Submitted).ToListAsync(cancellationToken))
        {
            var fit = FitScoring.Score(application, criteria);
            application.FitScore = fit.Score;
            application.FitExplanation = fit.ExplanationJson();
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(cancellationToken);
    }

    private static ValidationErrors Validate(IdealProfileDto profile)
    {
        var errors = new ValidationErrors();
        if (profile.Criteria is null)
        {
            errors.Add("criteria", "List the criteria.");
            return errors;
        }
        for (var i = 0; i < profile.Criteria.Count; i++)
        {
            var criterion = profile.Criteria[i];
            var field = $"criteria[{i}]";
            if (criterion is null)
            {
                errors.Add(field, "A criterion is missing.");
                continue;
            }
            foreach (var (key, messages) in ValidationErrors.Of(criterion).ToDictionary())
            {
                foreach (var message in messages) errors.Add($"{field}.{key}", message);
            }
            if (criterion.Values is { Count: 0 } || criterion.Values?.Count > 50) errors.Add($"{field}.values", "List 1 to 50 wanted values.");
            if (criterion.Kind is { } kind && criterion.Values is { } values)
            {
                foreach (var value in values.Where(v => !IsValid(kind, v?.Trim() ?? "")))
                {
                    errors.Add($"{field}.values", $"'{value}' is not a valid {kind}.");
                }
            }
        }
        foreach (var duplicate in profile.Criteria.Where(c => c?.Kind is not null).GroupBy(c => c.Kind).Where(g => g.Count() > 1))
        {
            errors.Add("criteria", $"{duplicate.Key} appears more than once; combine its values into one criterion.");
        }
        return errors;
    }

    private static bool IsValid(CriterionKind kind, string value) => kind switch
    {
        CriterionKind.Country => Countries.IsCountryCode(value),
        CriterionKind.Region => Enum.TryParse<Region>(value, true, out _) && !int.TryParse(value, out _),
        CriterionKind.SizeBand => Enum.TryParse<SizeBand>(value, true, out _) && !int.TryParse(value, out _),
        CriterionKind.PartnerType => Enum.TryParse<PartnerType>(value, true, out _) && !int.TryParse(value, out _),
        _ => value.Length is > 0 and <= ApplicationLimits.Tag,
    };


    /// <summary>Enum values as their names and countries upper case, so comparisons do not depend on how they were typed.</summary>
    private static string Canonical(CriterionKind kind, string value) => kind switch
    {
        CriterionKind.Country => value.ToUpperInvariant(),
        CriterionKind.Region => Enum.Parse<Region>(value, true).ToString(),
        CriterionKind.SizeBand => Enum.Parse<SizeBand>(value, true).ToString(),
        CriterionKind.PartnerType => Enum.Parse<PartnerType>(value, true).ToString(),
        _ => value,
    };
}
