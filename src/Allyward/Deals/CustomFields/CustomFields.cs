using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Deals.CustomFields;

public enum CustomFieldType { Text, Number, Date, Choice }

/// <summary>How a custom field's type reads on pages.</summary>
public static class CustomFieldLabels
{
    public static string Label(this CustomFieldType type) => type switch
    {
        CustomFieldType.Choice => "Choice from a list",
        _ => type.ToString(),
    };
}

/// <summary>An extra question on the deal registration form, defined by program admins.</summary>
public sealed class DealCustomField : IAudited, Platform.Data.ICachedConfiguration
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The name in the API (<c>customFields.{key}</c>): lower case letters, digits and underscores.</summary>
    public string Key { get; init; } = "";

    public string Label { get; set; } = "";
    public CustomFieldType Type { get; set; }
    public List<string> Choices { get; set; } = [];
    public bool Required { get; set; }
    public bool IsActive { get; set; } = true;
    public int Position { get; set; }
}

internal sealed class DealCustomFieldConfiguration : IEntityTypeConfiguration<DealCustomField>
{
    public void Configure(EntityTypeBuilder<DealCustomField> field)
    {
        field.ToTable("DealCustomFields");
        field.Property(f => f.Key).HasMaxLength(40);
        field.Property(f => f.Label).HasMaxLength(100);
        field.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
        field.HasIndex(f => f.Key).IsUnique();
    }
}

public sealed record CustomFieldRequest
{
    [Required(ErrorMessage = "Give the field a key."), RegularExpression("^[a-z][a-z0-9_]{0,39}$", ErrorMessage = "The key is lower case letters, digits and underscores, starting with a letter (at most 40).")]
    public string? Key { get; init; }

    [Required(ErrorMessage = "Give the field a label."), StringLength(100, MinimumLength = 1, ErrorMessage = "The label is 1 to 100 characters.")]
    public string? Label { get; init; }

    [Required(ErrorMessage = "Choose the type: Text, Number, Date or Choice.")]
    public CustomFieldType? Type { get; init; }

    public List<string>? Choices { get; init; }
    public bool Required { get; init; }
}

public sealed record CustomFieldDto(Guid Id, string Key, string Label, CustomFieldType Type, IReadOnlyList<string> Choices, bool Required);

public sealed class CustomFieldsHandler(AllywardDbContext db, ConfigurationCache cache)
{
    /// <summary>The fields partners fill in, from this node's cache: read them, never change them.</summary>
    public async Task<IReadOnlyList<DealCustomField>> ActiveAsync(CancellationToken cancellationToken = default) =>
        await cache.GetAsync<IReadOnlyList<DealCustomField>>("deal-custom-fields",
            async ct => await db.DealCustomFields.AsNoTracking().Where(f => f.IsActive).OrderBy(f => f.Position).ThenBy(f => f.Key).ToListAsync(ct), cancellationToken);

    public async Task<IReadOnlyList<CustomFieldDto>> ListAsync(CancellationToken cancellationToken = default) =>
        (await ActiveAsync(cancellationToken)).Select(ToDto).ToList();

    public async Task<Outcome<CustomFieldDto>> CreateAsync(CustomFieldRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Type == CustomFieldType.Choice && (request.Choices is not { Count: > 0 } choices || choices.Count > 50 || choices.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 100)))
        {
            errors.Add("choices", "A choice field lists 1 to 50 choices of 1 to 100 characters.");
        }
        if (!errors.Any && await db.DealCustomFields.AnyAsync(f => f.Key == request.Key, cancellationToken)) errors.Add("key", "Another field has this key.");
        if (errors.Any) return Outcome<CustomFieldDto>.Invalid(errors);
        var field = new DealCustomField
        {
            Key = request.Key!, Label = request.Label!.Trim(), Type = request.Type!.Value, Required = request.Required,
            Choices = request.Type == CustomFieldType.Choice ? request.Choices!.Select(c => c.Trim()).Distinct().ToList() : [],
            Position = await db.DealCustomFields.CountAsync(cancellationToken),
        };
        db.DealCustomFields.Add(field);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(field);
    }

    public async Task<Outcome<bool>> RetireAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var field = await db.DealCustomFields.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (field is null) return Outcome<bool>.NotFound("No such field.");
        field.IsActive = false;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Checks a registration's values against the active fields; answers the values to store, as text.</summary>
    public static Dictionary<string, string> Validate(IReadOnlyList<DealCustomField> fields, Dictionary<string, JsonElement>? values, ValidationErrors errors)
    {
        var stored = new Dictionary<string, string>();
        values ??= [];
        foreach (var unknown in values.Keys.Where(k => fields.All(f => f.Key != k)))
        {
            errors.Add($"customFields.{unknown}", $"There is no field '{unknown}'.");
        }
        foreach (var field in fields)
        {
            var name = $"customFields.{field.Key}";
            if (!values.TryGetValue(field.Key, out var value) || value.ValueKind is JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            {
                if (field.Required) errors.Add(name, $"Fill in {field.Label}.");
                continue;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : value.GetRawText();
            var valid = field.Type switch
            {
                CustomFieldType.Number => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
                CustomFieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                CustomFieldType.Choice => field.Choices.Contains(text),
                _ => text.Length <= 1000,
            };
            if (!valid)
            {
                errors.Add(name, field.Type switch
                {
                    CustomFieldType.Number => $"{field.Label} must be a number.",
                    CustomFieldType.Date => $"{field.Label} must be a date (yyyy-mm-dd).",
                    CustomFieldType.Choice => $"{field.Label} must be one of: {string.Join(", ", field.Choices)}.",
                    _ => $"{field.Label} is at most 1000 characters.",
                });
                continue;
            }
            stored[field.Key] = text;
        }
        return stored;
    }

    private static CustomFieldDto ToDto(DealCustomField f) => new(f.Id, f.Key, f.Label, f.Type, f.Choices, f.Required);
}

internal static class CustomFieldEndpoints
{
    public static void Map(RouteGroupBuilder fields)
    {
        fields.MapGet("/", async ([AsParameters] PageQuery paging, CustomFields.CustomFieldsHandler handler, CancellationToken ct) =>
                await paging.ToHttpAsync(async page => (await handler.ListAsync(ct)).ToPage(page)))
            .RequireAuthorization(Policies.AnyOf([.. DealsModule.Registrars, DealPermissions.ViewAll]))
            .WithSummary("The custom fields of the deal registration form");
        fields.MapPost("/", async (CustomFields.CustomFieldRequest request, CustomFields.CustomFieldsHandler handler, CancellationToken ct) =>
                (await handler.CreateAsync(request, ct)).ToHttp(f => TypedResults.Created($"/api/v1/deal-fields/{f.Id}", f)))
            .RequireAuthorization(DealPermissions.ManageSettings)
            .WithSummary("Add a custom field (Text, Number, Date or Choice; required or not)");
        fields.MapDelete("/{fieldId:guid}", async (Guid fieldId, CustomFields.CustomFieldsHandler handler, CancellationToken ct) =>
                (await handler.RetireAsync(fieldId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(DealPermissions.ManageSettings)
            .WithSummary("Retire a custom field: new registrations no longer ask for it; past answers stay");
    }
}
