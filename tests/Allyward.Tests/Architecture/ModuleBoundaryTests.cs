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
}
