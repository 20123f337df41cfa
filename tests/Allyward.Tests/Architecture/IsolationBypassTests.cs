namespace Allyward.Tests.Architecture;

/// <summary>Partner isolation is bypassed in one greppable way: "AsSystem".</summary>
public sealed class IsolationBypassTests
{
    private static string SourceFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Allyward.slnx"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("The repository was not found."), "src", "Allyward");
    }

    [Fact]
    public void Query_filters_are_ignored_only_through_AsSystem_or_on_a_line_that_says_why()
    {
        var files = Directory.EnumerateFiles(SourceFolder(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".razor"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);
        var unmarked = files
            .Where(f => !f.EndsWith(Path.Combine("Platform", "Isolation", "SystemAccess.cs")))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Number: i + 1, Line: line)))
            .Where(l => l.Line.Contains("IgnoreQueryFilters") && !l.Line.Contains("// AsSystem: "))
            .Select(l => $"{l.File}:{l.Number}")
            .ToList();
        Assert.Empty(unmarked);
    }
}
