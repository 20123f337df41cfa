using System.Reflection;
using Allyward.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Architecture;

/// <summary>Nothing is reachable by accident: every endpoint and page states who may use it.</summary>
[Collection(SqliteCollection.Name)]
public sealed class AuthorizationCoverageTests(SqliteApp app)
{
    [Fact]
    public void Every_api_endpoint_requires_authorization_or_says_it_is_public()
    {
        var open = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1"))
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.DisplayName)
            .ToList();
        Assert.Empty(open);
    }

    [Fact]
    public void Every_page_declares_who_may_open_it()
    {
        var undeclared = typeof(Allyward.Ui.Operations).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<RouteAttribute>().Any())
            .Where(t => t.GetCustomAttribute<AuthorizeAttribute>() is null && t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(undeclared);
    }
}
