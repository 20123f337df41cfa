namespace Allyward.Platform.Accounts;

public sealed class AllywardOptions
{
    /// <summary>The address people use to reach Allyward; links in e-mails start with it.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    /// <summary>Where the SQLite database, mail pickup folder and keys live by default.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Seed demo partners and users on first start (an empty database only).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// How often an open interactive page (a Blazor circuit) checks that its user is still active, its sign-in still
    /// valid and its partner still has access; at the end of a failed check the page goes to the sign-in page and the
    /// circuit ends. Every operation a page runs checks at once regardless.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
