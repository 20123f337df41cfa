using System.ComponentModel.DataAnnotations;
using Allyward.Onboarding.Kinds;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Onboarding.Templates;

public sealed record TemplateRequest
{
    [Required(ErrorMessage = "Enter the name."), StringLength(200, MinimumLength = 1, ErrorMessage = "The name is 1 to 200 characters.")]
    public string? Name { get; init; }

    /// <summary>The partner type the template is for; empty for the default template.</summary>
    public PartnerType? PartnerType { get; init; }

    [Required(ErrorMessage = "List the tasks.")]
    public List<TemplateTask>? Tasks { get; init; }
}

public sealed record TemplateDto(Guid Id, string Name, PartnerType? PartnerType, IReadOnlyList<TemplateTask> Tasks);

/// <summary>A kind of onboarding task: its code name (stored in templates), the name a person reads, and what it does.</summary>
public sealed record TaskKindDto(string Name, string Label, string Description);

public sealed class TemplatesHandler(AllywardDbContext db, IEnumerable<IOnboardingTaskKind> kinds)
{
    public IReadOnlyList<TaskKindDto> Kinds() => kinds.Select(k => new TaskKindDto(k.Name, k.Label, k.Description)).ToList();

    public async Task<IReadOnlyList<TemplateDto>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.OnboardingTemplates.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(t => t.PartnerType is null ? "" : t.PartnerType.ToString()).Select(ToDto).ToList();

    public async Task<Outcome<TemplateDto>> CreateAsync(TemplateRequest request, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(request, null, cancellationToken);
        if (errors.Any) return Outcome<TemplateDto>.Invalid(errors);
        var template = new OnboardingTemplate();
        Apply(template, request);
        db.OnboardingTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(template);
    }

    public async Task<Outcome<TemplateDto>> UpdateAsync(Guid id, TemplateRequest request, CancellationToken cancellationToken = default)
    {
        var template = await db.OnboardingTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return Outcome<TemplateDto>.NotFound("No such template.");
        var errors = await ValidateAsync(request, id, cancellationToken);
        if (errors.Any) return Outcome<TemplateDto>.Invalid(errors);
        Apply(template, request);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(template);
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var template = await db.OnboardingTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return Outcome<bool>.NotFound("No such template.");
        db.OnboardingTemplates.Remove(template);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static void Apply(OnboardingTemplate template, TemplateRequest request)
    {
        template.Name = request.Name!.Trim();
        template.PartnerType = request.PartnerType;
        template.Tasks = request.Tasks!.Select(t => t with { Title = t.Title.Trim() }).ToList();
    }

    private async Task<ValidationErrors> ValidateAsync(TemplateRequest request, Guid? id, CancellationToken cancellationToken)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Tasks is { } tasks)
        {
            if (tasks.Count is 0 or > 50) errors.Add("tasks", "A template has 1 to 50 tasks.");
            for (var i = 0; i < tasks.Count; i++)
            {
                var field = $"tasks[{i}]";
                var task = tasks[i];
                if (task is null) { errors.Add(field, "A task is missing."); continue; }
                TextRules.Check(task, errors, $"{field}.");
                if (task.Settings is { } settings) TextRules.Check(settings, errors, $"{field}.settings.");
                if (string.IsNullOrWhiteSpace(task.Title) || task.Title.Length > 200) errors.Add($"{field}.title", "The title is 1 to 200 characters.");
                if (task.DueAfterDays is < 0 or > 365) errors.Add($"{field}.dueAfterDays", "A task is due 0 to 365 days after onboarding starts.");
                var kind = kinds.FirstOrDefault(k => k.Name == task.Kind);
                if (kind is null) errors.Add($"{field}.kind", $"Use one of: {string.Join(", ", kinds.Select(k => k.Name))}.");
                else kind.ValidateSettings(task.Settings ?? new TaskSettings(), field, errors);
            }
        }
        if (!errors.Any && await db.OnboardingTemplates.AnyAsync(t => t.PartnerType == request.PartnerType && t.Id != id, cancellationToken))
        {
            errors.Add("partnerType", request.PartnerType is null ? "There is already a default template." : $"There is already a template for {Labels.Of(request.PartnerType.Value)}.");
        }
        return errors;
    }

    private static TemplateDto ToDto(OnboardingTemplate t) => new(t.Id, t.Name, t.PartnerType, t.Tasks);
}
