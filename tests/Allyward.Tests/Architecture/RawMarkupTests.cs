using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Allyward.Tests.Architecture;

/// <summary>Text becomes markup only through the sanitizer (SafeHtml); everything else is shown as text.</summary>
public sealed class RawMarkupTests
{
    [Fact]
    public void Only_the_sanitizer_turns_text_into_markup()
    {
        using var module = ModuleDefinition.ReadModule(typeof(AllywardModules).Assembly.Location);
        var methods = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        Assert.NotEmpty(methods);
        var offenders = new List<string>();
        foreach (var method in methods)
        {
            var owner = method.DeclaringType;
            while (owner.DeclaringType is not null) owner = owner.DeclaringType;
            if (owner.FullName == "Allyward.Platform.Content.SafeHtml") continue;
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.Operand is not MethodReference called) continue;
                var makesMarkup = called.DeclaringType.FullName == "Microsoft.AspNetCore.Components.MarkupString" && called.Name is ".ctor" or "op_Explicit" or "op_Implicit";
                // Razor writes a page's own static markup as AddMarkupContent(sequence, "literal"); anything else is text made markup.
                var dynamicMarkup = called.Name == "AddMarkupContent" && instruction.Previous?.OpCode != OpCodes.Ldstr;
                if (makesMarkup || dynamicMarkup) offenders.Add($"{method.DeclaringType.FullName}.{method.Name}");
            }
        }
        Assert.True(offenders.Count == 0, "Markup made from text outside SafeHtml: " + string.Join(", ", offenders.Distinct()));
    }
}
