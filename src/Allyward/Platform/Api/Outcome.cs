using System.ComponentModel.DataAnnotations;

namespace Allyward.Platform.Api;

/// <summary>Field errors collected while checking a request; keys are the request's JSON field names.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _errors.Count > 0;

    /// <summary>
    /// Adds a field's problem. A field says one thing at a time: the first problem found (a missing value before its
    /// shape, its shape before its characters) is the one to fix, so a later message about the same field is dropped
    /// rather than shown beside it ("Enter the name." and not also "This field is required.").
    /// </summary>
    public void Add(string field, string message)
    {
        if (_errors.ContainsKey(field)) return;
        _errors[field] = [message];
    }

    /// <summary>
    /// The messages about a field, for a form to show under it; those about the entries of a list (<c>industries[1]</c>)
    /// belong to the list's field, since a form edits the list as one input.
    /// </summary>
    public string? For(string field)
    {
        var messages = _errors.Where(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase) || IsEntryOf(e.Key, field))
            .SelectMany(e => e.Value).Distinct().ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    private static bool IsEntryOf(string key, string field) =>
        key.Length > field.Length + 2 && key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase) && key[^1] == ']'
        && key[(field.Length + 1)..^1].All(char.IsAsciiDigit);

    /// <summary>One field's problem, for a refusal found before any request object exists (a missing upload).</summary>
    public static ValidationErrors One(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>
    /// Checks the data annotations of a request object and the characters of its text (<see cref="TextRules"/>),
    /// and adds any failures.
    /// </summary>
    public static ValidationErrors Of(object request)
    {
        var errors = new ValidationErrors();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                errors.Add(JsonName(member), result.ErrorMessage ?? "Invalid value.");
            }
        }
        TextRules.Check(request, errors);
        return errors;
    }

    private static string JsonName(string member) =>
        member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];
}

public enum OutcomeKind { Success, Invalid, NotFound, Conflict, TooMany }

/// <summary>What a use case answers: a value, field errors, not found, a conflict with the current state, or "too many, wait".</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, ValidationErrors? Errors, string? Message)
{
    /// <summary>With a conflict, the object as it now is, for the caller to show (the API sends it as <c>current</c>).</summary>
    public object? Current { get; init; }

    /// <summary>With too many requests, how long the caller should wait (the API sends it as <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => Kind == OutcomeKind.Success;

    public static Outcome<T> Success(T value) => new(OutcomeKind.Success, value, null, null);
    public static Outcome<T> Invalid(ValidationErrors errors) => new(OutcomeKind.Invalid, default, errors, null);
    public static Outcome<T> Invalid(string field, string message) => Invalid(ValidationErrors.One(field, message));
    public static Outcome<T> NotFound(string message = "Not found.") => new(OutcomeKind.NotFound, default, null, message);
    public static Outcome<T> Conflict(string message, object? current = null) => new(OutcomeKind.Conflict, default, null, message) { Current = current };

    public static Outcome<T> TooMany(string message, TimeSpan retryAfter) => new(OutcomeKind.TooMany, default, null, message) { RetryAfter = retryAfter };

    public static implicit operator Outcome<T>(T value) => Success(value);

    /// <summary>The same answer with its value transformed; errors, not-found and conflicts pass through.</summary>
    public Outcome<TOut> Map<TOut>(Func<T, TOut> map) =>
        Succeeded ? Outcome<TOut>.Success(map(Value!)) : new Outcome<TOut>(Kind, default, Errors, Message) { Current = Current, RetryAfter = RetryAfter };

    /// <summary>A message a person can read, for the UI.</summary>
    public string Describe() => Kind switch
    {
        OutcomeKind.Invalid => "Please correct the highlighted fields.",
        _ => Message ?? Kind.ToString(),
    };
}
