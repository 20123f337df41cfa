using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Platform.Api;

/// <summary>
/// Query parameters of the API (searches and filters) may not hold control characters: PostgreSQL text cannot hold NUL,
/// so a search for <c>a%00b</c> failed in the database with a 500. Checked once for every API request, before any
/// endpoint runs, and answered with a 400 naming the parameter.
/// </summary>
internal static class QueryTextRules
{
    public static IApplicationBuilder UseQueryTextRules(this IApplicationBuilder api) => api.Use(async (context, next) =>
    {
        var errors = new ValidationErrors();
        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var value in values)
            {
                if (value is not null && value.Any(char.IsControl))
                {
                    errors.Add(name, $"The value of '{name}' contains a control character, which a query cannot hold.");
                    break;
                }
            }
            if (name.Any(char.IsControl)) errors.Add("query", "A query parameter's name contains a control character.");
        }
        if (!errors.Any)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(errors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest, Title = "The query could not be used.", Detail = "A query parameter contains a control character.",
            },
        });
    });
}
