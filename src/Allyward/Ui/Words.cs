namespace Allyward.Ui;

/// <summary>Counts and ages as people say them on pages.</summary>
public static class Words
{
    /// <summary>"1 deal", "3 deals", "1,204 deals".</summary>
    public static string Plural(int count, string noun) => $"{count:N0} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>"12 min", "5 h", "1 day", "3 days".</summary>
    public static string Age(TimeSpan age) =>
        age.TotalHours < 1 ? $"{Math.Max(0, (int)age.TotalMinutes)} min" : age.TotalDays < 1 ? $"{(int)age.TotalHours} h" : Plural((int)age.TotalDays, "day");
}
