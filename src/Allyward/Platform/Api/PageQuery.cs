namespace Allyward.Platform.Api;

/// <summary>The <c>page</c> and <c>pageSize</c> query parameters of a list endpoint.</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public PageRequest ToRequest() => new(Page ?? 1, PageSize ?? 25);

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        ToRequest().Validate(errors);
        return errors;
    }
}
