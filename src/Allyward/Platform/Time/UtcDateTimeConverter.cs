using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Allyward.Platform.Time;

/// <summary>All times are stored as UTC; this marks them as UTC again when SQLite reads them back.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
