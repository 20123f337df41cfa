using System.ComponentModel.DataAnnotations;
using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Deals;

/// <summary>The program's deal registration rules, one row, changed by program admins.</summary>
public sealed class DealSettings : IAudited
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    /// <summary>Approve a registration at once when no conflicting registration exists.</summary>
    public bool AutoApproveWithoutConflict { get; set; }

    public int ProtectionDays { get; set; } = 90;
}

internal sealed class DealSettingsConfiguration : IEntityTypeConfiguration<DealSettings>
{
    public void Configure(EntityTypeBuilder<DealSettings> settings) => settings.Property(s => s.Id).ValueGeneratedNever();
}

public sealed record DealSettingsDto
{
    [Required(ErrorMessage = "Say whether deals without a conflict are approved automatically.")]
    public bool? AutoApproveWithoutConflict { get; init; }

    [Required(ErrorMessage = "Give the protection period in days."), Range(1, 730, ErrorMessage = "The protection period is 1 to 730 days.")]
    public int? ProtectionDays { get; init; }
}

public sealed class DealSettingsHandler(AllywardDbContext db)
{
    public async Task<DealSettings> CurrentAsync(CancellationToken cancellationToken = default) =>
        await db.DealSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new DealSettings();

    public async Task<DealSettingsDto> GetAsync(CancellationToken cancellationToken = default)
    {
        var s = await CurrentAsync(cancellationToken);
        return new DealSettingsDto { AutoApproveWithoutConflict = s.AutoApproveWithoutConflict, ProtectionDays = s.ProtectionDays };
    }

    public async Task<Outcome<DealSettingsDto>> SaveAsync(DealSettingsDto request, CancellationToken cancellationToken = default)
    {
        if (ValidationErrors.Of(request) is { Any: true } errors) return Outcome<DealSettingsDto>.Invalid(errors);
        var settings = await db.DealSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.DealSettings.Add(settings = new DealSettings());
        settings.AutoApproveWithoutConflict = request.AutoApproveWithoutConflict!.Value;
        settings.ProtectionDays = request.ProtectionDays!.Value;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(cancellationToken);
    }
}
