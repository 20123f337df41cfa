namespace Allyward.Platform.Accounts;

public sealed class AllywardOptions
{
    /// <summary>The address people use to reach Allyward; links in e-mails start with it.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    /// <summary>Where the SQLite database, mail pickup folder and keys live by default.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Seed demo partners and users on first start (an empty database only).</summary>
    public bool SeedDemoData { get; set; }
}
