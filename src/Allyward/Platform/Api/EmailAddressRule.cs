using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Allyward.Platform.Api;

/// <summary>
/// The one rule for an e-mail address Allyward accepts, on every request with an e-mail field: a local part, one
/// <c>@</c>, and a domain of at least two dot-separated labels ending in a top-level domain of letters
/// (<c>ann@tailspin.example</c>; not <c>ann@tailspin</c>, <c>ann@@x.com</c> or <c>ann@x..com</c>). An empty value
/// passes; whether the field is required is <see cref="RequiredAttribute"/>'s business.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed partial class EmailAddressRuleAttribute : ValidationAttribute
{
    public const string Message = "Enter an e-mail address such as name@example.com.";

    public EmailAddressRuleAttribute() : base(Message) { }

    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || IsEmailAddress(text);

    public static bool IsEmailAddress(string? text)
    {
        if (text is null || text.Length > 254) return false;
        var at = text.IndexOf('@');
        if (at < 1 || at != text.LastIndexOf('@') || at > 64) return false;
        return LocalPart().IsMatch(text[..at]) && Domain().IsMatch(text[(at + 1)..]);
    }

    /// <summary>Letters, digits and the usual punctuation, in dot-separated runs (no leading, trailing or double dot).</summary>
    [GeneratedRegex(@"^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$")]
    private static partial Regex LocalPart();

    /// <summary>Labels of letters, digits and inner hyphens (at most 63 each), at least two, the last of two or more letters.</summary>
    [GeneratedRegex(@"^([\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$", RegexOptions.IgnoreCase)]
    private static partial Regex Domain();
}
