using NetArchTest.Rules;

namespace Allyward.Tests.Architecture;

/// <summary>Modules plug into Platform through its module contract; Platform and the shared UI shell never name one.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly System.Reflection.Assembly Product = typeof(Allyward.AllywardModules).Assembly;

    private static string[] ModuleNamespaces => [.. AllywardModules.All().Select(m => m.GetType().Namespace!)];

    [Fact]
    public void The_host_lists_every_module_once_and_each_lives_in_its_own_folder()
    {
        var namespaces = ModuleNamespaces;
        Assert.NotEmpty(namespaces);
        Assert.Equal(namespaces.Length, namespaces.Distinct().Count());
        Assert.All(namespaces, ns => Assert.Matches(@"^Allyward\.[A-Z][a-z]+$", ns));
    }

    [Fact]
    public void Platform_and_the_ui_shell_use_no_module()
    {
        var result = Types.InAssembly(Product)
            .That().ResideInNamespace("Allyward.Platform").Or().ResideInNamespace("Allyward.Ui")
            .ShouldNot().HaveDependencyOnAny(ModuleNamespaces)
            .GetResult();
        Assert.True(result.IsSuccessful, "Platform types that name a module: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>
    /// A module reads another through the small surface that one chooses to publish (its <c>Contracts</c>
    /// namespace) and refers to its data by id; its entities, handlers and pages stay its own.
    /// </summary>
    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_uses_only_the_contracts_of_other_modules(string module)
    {
        var internals = Product.GetTypes()
            .Where(t => t.Namespace is { } ns && ModuleNamespaces.Any(other => other != module && (ns == other || ns.StartsWith(other + ".")))
                && !t.Namespace.EndsWith(".Contracts"))
            .Select(t => t.FullName!.Split('`')[0].Replace('+', '/'))
            .Distinct().ToArray();
        Assert.NotEmpty(internals);

        var result = Types.InAssembly(Product)
            .That().ResideInNamespace(module)
            .ShouldNot().HaveDependencyOnAny(internals)
            .GetResult();
        Assert.True(result.IsSuccessful, $"{module} types that use another module's internals: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    public static TheoryData<string> Modules => [.. AllywardModules.All().Select(m => m.GetType().Namespace!)];
}
