using Allyward.Partners.Contracts;
using Allyward.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Onboarding.Templates;

/// <summary>The plan a new partner of a type works through; the one without a type is the default.</summary>
public sealed class OnboardingTemplate : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public PartnerType? PartnerType { get; set; }
    public List<TemplateTask> Tasks { get; set; } = [];
}

/// <summary>A task of a template, due a number of days after onboarding starts.</summary>
public sealed record TemplateTask
{
    public string Title { get; init; } = "";
    public string Kind { get; init; } = "";
    public int DueAfterDays { get; init; }
    public TaskSettings Settings { get; init; } = new();
}

internal sealed class OnboardingTemplateConfiguration : IEntityTypeConfiguration<OnboardingTemplate>
{
    public void Configure(EntityTypeBuilder<OnboardingTemplate> template)
    {
        template.ToTable("OnboardingTemplates");
        template.Property(t => t.Name).HasMaxLength(200);
        template.Property(t => t.PartnerType).HasConversion<string>().HasMaxLength(40);
        template.Property(t => t.Tasks).HasConversion(
            tasks => System.Text.Json.JsonSerializer.Serialize(tasks, (System.Text.Json.JsonSerializerOptions?)null),
            json => System.Text.Json.JsonSerializer.Deserialize<List<TemplateTask>>(json, (System.Text.Json.JsonSerializerOptions?)null) ?? new List<TemplateTask>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<TemplateTask>>(
                (a, b) => System.Text.Json.JsonSerializer.Serialize(a, (System.Text.Json.JsonSerializerOptions?)null) == System.Text.Json.JsonSerializer.Serialize(b, (System.Text.Json.JsonSerializerOptions?)null),
                v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null).GetHashCode(),
                v => System.Text.Json.JsonSerializer.Deserialize<List<TemplateTask>>(System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null), (System.Text.Json.JsonSerializerOptions?)null)!));
        template.HasIndex(t => t.PartnerType).IsUnique();
    }
}
