using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Deals;

/// <summary>The program's deal registration rules, one row, changed by program admins.</summary>
public sealed class DealSettings : IAudited, ICachedConfiguration
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    /// <summary>Approve a registration at once when no conflicting registration exists.</summary>
    public bool AutoApproveWithoutConflict { get; set; }

    public int ProtectionDays { get; set; } = 90;

    /// <summary>Protection periods of the programs that differ from <see cref="ProtectionDays"/>, by partner type.</summary>
    public Dictionary<PartnerType, int> ProtectionDaysByPartnerType { get; set; } = [];

    public int ProtectionDaysFor(PartnerType type) => ProtectionDaysByPartnerType.GetValueOrDefault(type, ProtectionDays);
}

internal sealed class DealSettingsConfiguration : IEntityTypeConfiguration<DealSettings>
{
    public void Configure(EntityTypeBuilder<DealSettings> settings)
    {
        settings.ToTable("DealSettings");
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.ProtectionDaysByPartnerType).HasConversion(
            days => System.Text.Json.JsonSerializer.Serialize(days, (System.Text.Json.JsonSerializerOptions?)null),
            json => System.Text.Json.JsonSerializer.Deserialize<Dictionary<PartnerType, int>>(json, (System.Text.Json.JsonSerializerOptions?)null) ?? new Dictionary<PartnerType, int>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<Dictionary<PartnerType, int>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(), v => v.Count, v => new Dictionary<PartnerType, int>(v)))
            .HasDefaultValue(new Dictionary<PartnerType, int>());
    }
}

public sealed record DealSettingsDto
{
    [Required(ErrorMessage = "Say whether deals without a conflict are approved automatically.")]
    public bool? AutoApproveWithoutConflict { get; init; }

    [Required(ErrorMessage = "Give the protection period in days."), Range(1, 730, ErrorMessage = "The protection period is 1 to 730 days.")]
    public int? ProtectionDays { get; init; }

    /// <summary>Programs whose protection period differs, by partner type, e.g. <c>{ "Distributor": 60 }</c>; the others use <see cref="ProtectionDays"/>.</summary>
    public Dictionary<PartnerType, int>? ProtectionDaysByPartnerType { get; init; }
}

public sealed class DealSettingsHandler(AllywardDbContext db, ConfigurationCache cache)
{
    /// <summary>The rules in force, from this node's cache: read them, never change them.</summary>
    public Task<DealSettings> CurrentAsync(CancellationToken cancellationToken = default) =>
        cache.GetAsync("deal-settings", async ct => await db.DealSettings.AsNoTracking().SingleOrDefaultAsync(ct) ?? new DealSettings(), cancellationToken);

    /// <summary>How long the partner's approved deals are protected: its tier's period where a tier sets one, else the settings' for its type.</summary>
    public async Task<int> ProtectionDaysAsync(Guid partnerId, PartnerType type, CancellationToken cancellationToken = default) =>
        await Programs.Contracts.PartnerTiers.DealProtectionDaysAsync(db, partnerId, cancellationToken)
        ?? (await CurrentAsync(cancellationToken)).ProtectionDaysFor(type);

    public async Task<DealSettingsDto> GetAsync(CancellationToken cancellationToken = default)
    {
        var s = await CurrentAsync(cancellationToken);
        return new DealSettingsDto
        {
            AutoApproveWithoutConflict = s.AutoApproveWithoutConflict, ProtectionDays = s.ProtectionDays,
            ProtectionDaysByPartnerType = new Dictionary<PartnerType, int>(s.ProtectionDaysByPartnerType),
        };
    }

    public async Task<Outcome<DealSettingsDto>> SaveAsync(DealSettingsDto request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        foreach (var (type, days) in request.ProtectionDaysByPartnerType ?? [])
        {
            if (days is < 1 or > 730) errors.Add($"protectionDaysByPartnerType.{type}", "The protection period is 1 to 730 days.");
        }
        if (errors.Any) return Outcome<DealSettingsDto>.Invalid(errors);
        var settings = await db.DealSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.DealSettings.Add(settings = new DealSettings());
        settings.AutoApproveWithoutConflict = request.AutoApproveWithoutConflict!.Value;
        settings.ProtectionDays = request.ProtectionDays!.Value;
        settings.ProtectionDaysByPartnerType = new Dictionary<PartnerType, int>(request.ProtectionDaysByPartnerType ?? []);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(cancellationToken);
    }
}

internal static class DealSettingsEndpoints
{
    public static void Map(RouteGroupBuilder settings)
    {
        settings.MapGet("/", async (DealSettingsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(ct)))
            .RequireAuthorization(DealPermissions.Review)
            .WithSummary("The deal registration rules");
        settings.MapPut("/", async (DealSettingsDto request, DealSettingsHandler handler, CancellationToken ct) => (await handler.SaveAsync(request, ct)).ToHttp())
            .RequireAuthorization(DealPermissions.ManageSettings)
            .WithSummary("Change the rules: automatic approval without conflict, protection period");
    }
}
