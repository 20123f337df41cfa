using System.Globalization;

namespace Allyward.Ui;

/// <summary>
/// Dates as the reader's locale writes them (the browser's language picks the culture, see
/// <c>AllywardHost.SupportedCultures</c>): 12/2/2026 in the US, 02/12/2026 in the UK, 02.12.2026 in Germany.
/// </summary>
public static class Dates
{
    public static string Show(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);
    public static string Show(DateTime date) => date.ToString("d", CultureInfo.CurrentCulture);
    public static string Show(DateTime? date) => date is { } d ? Show(d) : "—";

    /// <summary>A date with its time of day (UTC), for history and logs.</summary>
    public static string WithTime(DateTime moment) => moment.ToString("g", CultureInfo.CurrentCulture);
}
