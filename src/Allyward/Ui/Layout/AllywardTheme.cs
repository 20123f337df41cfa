using System.Collections.Concurrent;
using MudBlazor;

namespace Allyward.Ui.Layout;

public static class AllywardTheme
{
    private static readonly ConcurrentDictionary<string, MudTheme> ByPrimary = new(StringComparer.OrdinalIgnoreCase);

    public static readonly MudTheme Theme = For(Platform.Branding.Brand.DefaultColor);

    /// <summary>The theme in the vendor's main colour (the brand refuses colours too light for white text).</summary>
    public static MudTheme For(string primary) => ByPrimary.GetOrAdd(primary, color => new MudTheme
    {
        PaletteLight = new PaletteLight
        {
            // Every colour carries white text and stands on white at 4.5:1 or more (WCAG AA), chips and alerts included.
            Primary = color,
            Secondary = "#0b7a6b",
            Info = "#0369a1",
            Success = "#1b6e24",
            Warning = "#b45309",
            Error = "#c62828",
            AppbarBackground = "#0f1b3d",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    });
}
