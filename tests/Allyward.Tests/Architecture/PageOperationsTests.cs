using System.Reflection;
using Allyward.Ui;
using Microsoft.AspNetCore.Components;

namespace Allyward.Tests.Architecture;

/// <summary>
/// Interactive components reach use cases and data only through <see cref="Operations"/>, which checks the signed-in
/// user again before every operation (ADR 0013); a page that injected a handler or the DbContext would act on the
/// access its circuit had when it connected.
/// </summary>
public sealed class PageOperationsTests
{
    /// <summary>What an interactive component may inject besides <see cref="Operations"/>: presentation services that reach no data.</summary>
    private static readonly HashSet<string> Presentation =
    [
        typeof(Operations).FullName!, typeof(NavigationManager).FullName!, typeof(TimeProvider).FullName!,
        "MudBlazor.ISnackbar", "MudBlazor.IDialogService", "Microsoft.JSInterop.IJSRuntime",
        "Allyward.Platform.Modules.ModuleCatalog",
    ];

    [Fact]
    public void Interactive_components_act_only_through_Operations()
    {
        var components = typeof(Operations).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
            // Server-rendered pages (sign-in, account security, the public application form) run per request, where
            // every request is checked.
            .Where(t => t.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is null)
            .ToList();
        Assert.NotEmpty(components);
        var offending = components
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && !Presentation.Contains(p.PropertyType.FullName!))
                .Select(p => $"{t.Name}.{p.Name}: {p.PropertyType.Name}"))
            .ToList();
        Assert.Empty(offending);
    }
}
