using System.Collections;
using System.Reflection;

namespace Allyward.Platform.Api;

/// <summary>
/// Marks a request property as multi-line free text (notes, reasons, agreement text): tabs and line breaks are allowed,
/// and so are the invisible characters that right-to-left scripts and emoji need. Every other text property of a
/// request is a single line (a name, an e-mail address, a website, a key) and refuses them.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MultiLineTextAttribute : Attribute;

/// <summary>
/// The characters no text a person enters may hold, checked for every text property of every request by
/// <see cref="ValidationErrors.Of"/>: control characters (NUL, escape, …; in multi-line text tab and line breaks are
/// allowed), and — in single-line text, where they can make one name, e-mail address or domain look like another —
/// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and zero-width characters (U+200B–U+200D,
/// U+2060, U+FEFF).
/// </summary>
public static class TextRules
{
    /// <summary>Why the text is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? value, bool multiLine = false)
    {
        if (value is null) return null;
        foreach (var c in value)
        {
            if (multiLine && c is '\t' or '\n' or '\r') continue;
            if (char.IsControl(c))
            {
                return c is '\t' or '\n' or '\r'
                    ? "This is a single line: it cannot contain tabs or line breaks."
                    : $"This contains a control character (U+{(int)c:X4}), which text cannot hold.";
            }
            if (multiLine) continue;
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"This contains an invisible character that reverses the direction of text (U+{(int)c:X4}), which could make it look like something else.";
            }
            if (c is >= '\u200B' and <= '\u200D' or '\u2060' or '\uFEFF')
            {
                return $"This contains an invisible zero-width character (U+{(int)c:X4}), which could make it look like something else.";
            }
        }
        return null;
    }

    /// <summary>Adds a field error for every text property of the request (and every text in a list or dictionary) that breaks the rules.</summary>
    public static void Check(object request, ValidationErrors errors, string prefix = "")
    {
        foreach (var property in Properties(request.GetType()))
        {
            var multiLine = property.IsDefined(typeof(MultiLineTextAttribute));
            var field = prefix + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            switch (property.GetValue(request))
            {
                case string text:
                    Add(errors, field, Problem(text, multiLine));
                    break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Key is string key) Add(errors, field, Problem(key));
                        if (entry.Value is string value) Add(errors, $"{field}.{entry.Key}", Problem(value, multiLine));
                        else if (entry.Value is System.Text.Json.JsonElement element) CheckElement(element, $"{field}.{entry.Key}", multiLine, errors);
                    }
                    break;
                case IEnumerable<string?> texts:
                    var i = 0;
                    foreach (var text in texts) Add(errors, $"{field}[{i++}]", Problem(text, multiLine));
                    break;
            }
        }
    }

    private static void CheckElement(System.Text.Json.JsonElement element, string field, bool multiLine, ValidationErrors errors)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.String:
                Add(errors, field, Problem(element.GetString(), multiLine));
                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CheckElement(item, field, multiLine, errors);
                break;
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Add(errors, field, Problem(property.Name));
                    CheckElement(property.Value, field, multiLine, errors);
                }
                break;
        }
    }

    private static void Add(ValidationErrors errors, string field, string? problem)
    {
        // One message per field is enough: a list of names with two bad ones still says it once.
        if (problem is null || errors.For(field) is { } existing && existing.Contains(problem, StringComparison.Ordinal)) return;
        errors.Add(field, problem);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> PropertiesByType = new();

    private static PropertyInfo[] Properties(Type type) => PropertiesByType.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
        .ToArray());
}
