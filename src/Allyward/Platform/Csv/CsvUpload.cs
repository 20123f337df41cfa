using System.Text;
using Allyward.Platform.Api;
using nietras.SeparatedValues;

namespace Allyward.Platform.Csv;

/// <summary>One data row of an uploaded CSV: the line it starts on (the header is line 1) and its cells by column name.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The trimmed cell of a column, or "" when the row or the file has none.</summary>
    public string this[string column] => Cells.TryGetValue(column, out var value) ? value : "";
}

/// <summary>An uploaded CSV as read: its column names (trimmed, as written), its data rows, the separator and the encoding found.</summary>
public sealed record CsvTable(IReadOnlyList<string> Columns, IReadOnlyList<CsvRow> Rows, char Separator, string Encoding)
{
    /// <summary>The columns of <paramref name="required"/> the header lacks (compared without case).</summary>
    public IReadOnlyList<string> Missing(params string[] required) =>
        required.Where(r => !Columns.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
}

/// <summary>How much of a CSV upload is read before it is refused.</summary>
public sealed record CsvLimits(long MaxBytes = CsvLimits.TenMegabytes, int MaxCellLength = 4000, int MaxRows = 100_000, int MaxColumns = 200)
{
    public const long TenMegabytes = 10 * 1024 * 1024;
    public static readonly CsvLimits Default = new();
}

/// <summary>
/// Reads a CSV people upload, as spreadsheets write it: UTF-8 with or without a byte order mark, or Windows-1252 when
/// the bytes are not UTF-8 (Excel's "CSV" on Western Windows); comma, semicolon or tab separators, whichever the header
/// line uses most; quoted cells with separators, quotes and line breaks (Sep does the parsing). Every cell is text:
/// nothing is evaluated, so a cell starting with = + - @ is kept exactly as written. Blank lines are skipped, cells are
/// trimmed; a file that is too large, has too many rows or columns, a cell too long, an empty or repeated column name,
/// or a row with more cells than the header is refused as a whole, with a message naming the line.
/// </summary>
public static class CsvUpload
{
    /// <summary>The field that carries a refusal of the file itself.</summary>
    public const string Field = "file";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    public static async Task<Outcome<CsvTable>> ReadAsync(Stream stream, CsvLimits? limits = null, CancellationToken cancellationToken = default)
    {
        limits ??= CsvLimits.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limits.MaxBytes) return Refuse($"The file is larger than {Size(limits.MaxBytes)}.");
        }
        return Read(buffer.ToArray(), limits);
    }

    public static Outcome<CsvTable> Read(byte[] bytes, CsvLimits? limits = null)
    {
        limits ??= CsvLimits.Default;
        if (bytes.Length > limits.MaxBytes) return Refuse($"The file is larger than {Size(limits.MaxBytes)}.");
        var (text, encoding) = Decode(bytes);
        if (text.Contains('\0')) return Refuse("This is not a CSV file: it contains binary data.");
        if (string.IsNullOrWhiteSpace(text)) return Refuse("The file is empty.");
        var separator = SeparatorOf(text);
        try
        {
            using var reader = Sep.New(separator).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(text);
            List<string>? columns = null;
            var rows = new List<CsvRow>();
            foreach (var row in reader)
            {
                var line = row.LineNumberFrom;
                var cells = new string[row.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    var span = row[i].Span;
                    if (span.Length > limits.MaxCellLength) return Refuse($"Line {line}: a cell is longer than {limits.MaxCellLength:N0} characters.");
                    cells[i] = span.Trim().ToString();
                }
                if (cells.All(c => c.Length == 0)) continue;
                if (columns is null)
                {
                    if (cells.Length > limits.MaxColumns) return Refuse($"The file has more than {limits.MaxColumns} columns.");
                    if (cells.Any(c => c.Length == 0)) return Refuse("Line 1: every column needs a name.");
                    if (cells.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                    {
                        return Refuse($"Line 1: the column \"{twice.Key}\" appears twice.");
                    }
                    columns = [.. cells];
                    continue;
                }
                if (cells.Length > columns.Count && cells.Skip(columns.Count).Any(c => c.Length > 0))
                {
                    return Refuse($"Line {line} has {cells.Length} cells but the header names {columns.Count} columns; put a cell with the separator in quotes.");
                }
                if (rows.Count == limits.MaxRows) return Refuse($"The file has more than {limits.MaxRows:N0} rows.");
                var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < columns.Count; i++) byName[columns[i]] = i < cells.Length ? cells[i] : "";
                rows.Add(new CsvRow(line, byName));
            }
            if (columns is null) return Refuse("The file is empty.");
            return new CsvTable(columns, rows, separator, encoding);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            return Refuse("The file could not be read as CSV.");
        }
    }

    /// <summary>The text of the bytes: UTF-8 when they carry its byte order mark or are valid UTF-8, else Windows-1252; UTF-16 when marked so.</summary>
    internal static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) return (Utf8Lenient(bytes.AsSpan(3)), "UTF-8");
        if (bytes is [0xFF, 0xFE, ..]) return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16");
        if (bytes is [0xFE, 0xFF, ..]) return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16");
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Windows1252.GetString(bytes), "Windows-1252");
        }
    }

    private static string Utf8Lenient(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The separator the header line (up to its first line break outside quotes) uses most: comma, semicolon or tab; comma when none.</summary>
    internal static char SeparatorOf(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c is '\n' or '\r') break;
            else if (c == ',') commas++;
            else if (c == ';') semicolons++;
            else if (c == '\t') tabs++;
        }
        if (semicolons > commas && semicolons >= tabs) return ';';
        if (tabs > commas && tabs > semicolons) return '\t';
        return ',';
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024 / 1024} MB" : $"{bytes / 1024} KB";

    private static Outcome<CsvTable> Refuse(string message) => Outcome<CsvTable>.Invalid(Field, message);
}

/// <summary>A problem with one row of an import: the line, the column (empty for the row as a whole) and what to fix.</summary>
public sealed record CsvRowError(int Line, string Column, string Message)
{
    /// <summary>The row errors as field errors (<c>lines[12].rate</c>), for an import refused as a whole.</summary>
    public static ValidationErrors ToValidationErrors(IEnumerable<CsvRowError> errors)
    {
        var result = new ValidationErrors();
        foreach (var e in errors) result.Add(e.Column.Length == 0 ? $"lines[{e.Line}]" : $"lines[{e.Line}].{e.Column}", $"Line {e.Line}: {e.Message}");
        return result;
    }
}
