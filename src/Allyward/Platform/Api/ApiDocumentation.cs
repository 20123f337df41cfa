using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Allyward.Platform.Api;

/// <summary>What every API endpoint documents: its error answers, its security and a stable operation id.</summary>
public static class ApiDocumentation
{
    public const string BearerScheme = "Bearer";
    private static readonly string[] ProblemJson = ["application/problem+json"];

    /// <summary>On the /api/v1 group: adds the error answers each endpoint can give, unless the endpoint declared them.
    /// Runs as a "finally" convention, after the endpoint's own metadata (typed results, RequireAuthorization, Produces…).</summary>
    public static TBuilder WithStandardErrorResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            void Add(int status, Type type)
            {
                if (declared.Add(status)) metadata.Add(new ProducesResponseTypeMetadata(status, type, ProblemJson));
            }

            var methods = metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var reads = methods.Count > 0 && methods.All(m => m is "GET" or "HEAD");
            var hasRouteValues = endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 };

            Add(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            if (RequiresAuthentication(metadata))
            {
                Add(StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
                Add(StatusCodes.Status403Forbidden, typeof(ProblemDetails));
            }
            if (hasRouteValues || !reads) Add(StatusCodes.Status404NotFound, typeof(ProblemDetails));
            if (!reads) Add(StatusCodes.Status409Conflict, typeof(ProblemDetails));
            // A retry whose Idempotency-Key was used for another request.
            if (methods.Contains("POST")) Add(StatusCodes.Status422UnprocessableEntity, typeof(ProblemDetails));
        });
        return builder;
    }

    /// <summary>Documents a download: its body is the file, in one of the content types given.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType, params string[] moreContentTypes) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType, moreContentTypes);

    internal static bool RequiresAuthentication(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer<DocumentTransformer>();
        options.AddOperationTransformer<OperationTransformer>();
        // IFormFile is "string/binary", never null: a nullable file property says so with its own oneOf [null, IFormFile]
        // (a nullable IFormFile schema trips redocly's no-illogical-composition-keywords).
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(IFormFile)) schema.Type = JsonSchemaType.String;
            // Enums travel as their names (JsonStringEnumConverter): say they are strings, so generated clients read them so.
            if (context.JsonTypeInfo.Type.IsEnum && schema.Enum is { Count: > 0 } && schema.Type is null) schema.Type = JsonSchemaType.String;
            return Task.CompletedTask;
        });
    }

    /// <summary>Security requirement and operation id of each operation.</summary>
    private sealed class OperationTransformer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            operation.OperationId ??= OperationId(context.Description);
            operation.Security = RequiresAuthentication(context.Description.ActionDescriptor.EndpointMetadata)
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }]
                // An empty requirement says "no credentials needed" (and satisfies redocly's security-defined).
                : [new OpenApiSecurityRequirement()];
            if (context.Description.HttpMethod == "POST")
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Idempotency.IdempotentRequests.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "A unique value (such as a UUID) of at most 255 visible ASCII characters, without commas. A retry with the same key and the same " +
                        "request gets the first answer again (with `Idempotent-Replayed: true`) and the work is done once; the same key with a " +
                        "different request is refused with 422; while the first is still running, 409 with `Retry-After`. Keys are kept 24 hours, per user.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Idempotency.IdempotentRequests.MaxKeyLength },
                });
            }
            return Task.CompletedTask;
        }
    }

    /// <summary>"GET api/v1/deals/{dealId}/history" becomes "getDealsByDealIdHistory": stable while the route is.
    /// Name an endpoint with .WithName("RegisterDeal") to choose its id instead.</summary>
    internal static string OperationId(ApiDescription description)
    {
        var segments = (description.RelativePath ?? "").Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(s => s is "api" || (s.Length > 1 && s[0] == 'v' && char.IsDigit(s[1])));
        var name = new System.Text.StringBuilder((description.HttpMethod ?? "get").ToLowerInvariant());
        foreach (var segment in segments)
        {
            var isParameter = segment.StartsWith('{');
            var word = isParameter ? segment.Trim('{', '}').Split(':')[0] : segment;
            if (isParameter) name.Append("By");
            foreach (var part in word.Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries))
                name.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }
        return name.ToString();
    }

    private sealed class DocumentTransformer : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "Allyward API",
                Version = "v1",
                Description = "Partner relationship management. Create an API token under *Settings → API tokens* and send it with every request " +
                    "in the `Authorization` header: `Authorization: Bearer aw_…`. A token acts as the user it belongs to, with that user's role.",
            };
            // The document is served by the API itself; a request-derived "http://host/" breaks no-server-trailing-slash.
            document.Servers = [new OpenApiServer { Url = "/" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An Allyward API token (aw_…).",
            };
            var descriptions = context.ApplicationServices.GetRequiredService<Modules.ModuleCatalog>().ApiTags.ToDictionary(t => t.Name, t => t.Description);
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (tag.Name is { } name && descriptions.TryGetValue(name, out var description)) tag.Description ??= description;
            }
            return Task.CompletedTask;
        }
    }
}


