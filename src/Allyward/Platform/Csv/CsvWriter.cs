using System.Text;

namespace Allyward.Platform.Csv;

/// <summary>
/// RFC 4180 CSV for exports. A cell that starts with = + - @, a tab or a carriage return is prefixed with an
/// apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
/// </summary>
public static class CsvWriter
{
    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows) Line(csv, row);
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    private static void Line(StringBuilder csv, IEnumerable<string?> cells) =>
        csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
}
