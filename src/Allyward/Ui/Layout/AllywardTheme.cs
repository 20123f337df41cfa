using MudBlazor;

namespace Allyward.Ui.Layout;

public static class AllywardTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            // Every colour carries white text and stands on white at 4.5:1 or more (WCAG AA), chips and alerts included.
            Primary = "#1a4fd6",
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
    };
}
