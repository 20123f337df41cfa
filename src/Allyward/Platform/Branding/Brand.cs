using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Branding;

/// <summary>
/// The vendor's brand, which the portal, the console, the public pages and every e-mail wear instead of Allyward's:
/// one row, set by program admins. Empty texts fall back to Allyward's wording.
/// </summary>
public sealed class BrandSettings : IAudited, ICachedConfiguration
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;
    public string VendorName { get; set; } = "Allyward";
    public string PortalTitle { get; set; } = "Partner portal";

    /// <summary>The main colour, <c>#rrggbb</c>; it carries white text, so it must be dark enough (4.5:1).</summary>
    public string PrimaryColor { get; set; } = Brand.DefaultColor;

    public string? LogoKey { get; set; }
    public string? LogoContentType { get; set; }
    public string? MailFromName { get; set; }
    public string? MailFromAddress { get; set; }
    public string? Footer { get; set; }
    public string? SignInText { get; set; }
    public string? ApplicationIntro { get; set; }
}

internal sealed class BrandSettingsConfiguration : IEntityTypeConfiguration<BrandSettings>
{
    public void Configure(EntityTypeBuilder<BrandSettings> brand)
    {
        brand.ToTable("BrandSettings");
        brand.Property(b => b.Id).ValueGeneratedNever();
        brand.Property(b => b.VendorName).HasMaxLength(100);
        brand.Property(b => b.PortalTitle).HasMaxLength(100);
        brand.Property(b => b.PrimaryColor).HasMaxLength(7);
        brand.Property(b => b.LogoKey).HasMaxLength(200);
        brand.Property(b => b.LogoContentType).HasMaxLength(50);
        brand.Property(b => b.MailFromName).HasMaxLength(100);
        brand.Property(b => b.MailFromAddress).HasMaxLength(200);
        brand.Property(b => b.Footer).HasMaxLength(500);
        brand.Property(b => b.SignInText).HasMaxLength(500);
        brand.Property(b => b.ApplicationIntro).HasMaxLength(1000);
    }
}

/// <summary>The brand as pages and mail use it.</summary>
public sealed record BrandDto(string VendorName, string PortalTitle, string PrimaryColor, bool HasLogo, string? MailFromName, string? MailFromAddress,
    string? Footer, string? SignInText, string? ApplicationIntro)
{
    public string? LogoUrl => HasLogo ? Brand.LogoPath : null;
}

public sealed record BrandRequest
{
    [Required(ErrorMessage = "Enter the vendor's name."), StringLength(100, ErrorMessage = "The vendor's name is at most 100 characters.")]
    public string? VendorName { get; init; }

    [Required(ErrorMessage = "Enter the portal's title."), StringLength(100, ErrorMessage = "The portal's title is at most 100 characters.")]
    public string? PortalTitle { get; init; }

    [Required(ErrorMessage = "Choose the main colour as #rrggbb.")]
    public string? PrimaryColor { get; init; }

    [StringLength(100, ErrorMessage = "The sender's name is at most 100 characters.")]
    public string? MailFromName { get; init; }

    [StringLength(200, ErrorMessage = "The sender's address is at most 200 characters.")]
    public string? MailFromAddress { get; init; }

    [StringLength(500, ErrorMessage = "The footer is at most 500 characters."), MultiLineText]
    public string? Footer { get; init; }

    [StringLength(500, ErrorMessage = "The sign-in text is at most 500 characters."), MultiLineText]
    public string? SignInText { get; init; }

    [StringLength(1000, ErrorMessage = "The application page's introduction is at most 1000 characters."), MultiLineText]
    public string? ApplicationIntro { get; init; }
}

/// <summary>Reads the brand (cached on each node) and lets program admins change it and its logo.</summary>
public sealed class Brand(AllywardDbContext db, ConfigurationCache cache, IFileStorage files, Isolation.CurrentUser currentUser, AuditLog audit)
{
    public const string DefaultColor = "#1a4fd6";
    public const string LogoPath = "/branding/logo";
    public const long MaxLogoBytes = 512 * 1024;

    private static readonly Regex HexColor = new("^#[0-9a-fA-F]{6}$", RegexOptions.CultureInvariant);

    public async Task<BrandDto> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var brand = await SettingsAsync(cancellationToken);
        return new BrandDto(brand.VendorName, brand.PortalTitle, brand.PrimaryColor, brand.LogoKey is not null, brand.MailFromName, brand.MailFromAddress,
            brand.Footer, brand.SignInText, brand.ApplicationIntro);
    }

    private Task<BrandSettings> SettingsAsync(CancellationToken cancellationToken) =>
        cache.GetAsync("brand", async ct => await db.BrandSettings.AsNoTracking().SingleOrDefaultAsync(ct) ?? new BrandSettings(), cancellationToken);

    public async Task<Outcome<BrandDto>> UpdateAsync(BrandRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.VendorName is not null && string.IsNullOrWhiteSpace(request.VendorName)) errors.Add("vendorName", "Enter the vendor's name.");
        if (request.PortalTitle is not null && string.IsNullOrWhiteSpace(request.PortalTitle)) errors.Add("portalTitle", "Enter the portal's title.");
        if (request.PrimaryColor is { } color)
        {
            if (!HexColor.IsMatch(color.Trim())) errors.Add("primaryColor", "Choose the main colour as #rrggbb, e.g. #1a4fd6.");
            else if (ContrastWithWhite(color.Trim()) < 4.5) errors.Add("primaryColor", "This colour is too light to carry white text; choose a darker one.");
        }
        if (!string.IsNullOrWhiteSpace(request.MailFromAddress) && !IsMailAddress(request.MailFromAddress.Trim()))
        {
            errors.Add("mailFromAddress", "Enter the sender's address as name@domain.example.");
        }
        if (errors.Any) return Outcome<BrandDto>.Invalid(errors);

        var brand = await db.BrandSettings.SingleOrDefaultAsync(cancellationToken);
        if (brand is null) db.BrandSettings.Add(brand = new BrandSettings());
        brand.VendorName = request.VendorName!.Trim();
        brand.PortalTitle = request.PortalTitle!.Trim();
        brand.PrimaryColor = request.PrimaryColor!.Trim().ToLowerInvariant();
        brand.MailFromName = Blank(request.MailFromName);
        brand.MailFromAddress = Blank(request.MailFromAddress);
        brand.Footer = Blank(request.Footer);
        brand.SignInText = Blank(request.SignInText);
        brand.ApplicationIntro = Blank(request.ApplicationIntro);
        await db.SaveChangesAsync(cancellationToken);
        return await CurrentAsync(cancellationToken);
    }

    /// <summary>Replaces the logo: a PNG or JPEG of at most 512 KB, recognised by its content, not its name.</summary>
    public async Task<Outcome<BrandDto>> SetLogoAsync(string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // Read no further than one byte past the limit: an oversized upload is refused without holding it in memory.
            if (buffer.Length + read > MaxLogoBytes) return Outcome<BrandDto>.Invalid("logo", "The logo is at most 512 KB.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return Outcome<BrandDto>.Invalid("logo", "Choose an image file.");
        var type = FileTypes.Recognise(fileName, buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 16)), [FileTypes.Png, FileTypes.Jpeg]);
        if (type is null) return Outcome<BrandDto>.Invalid("logo", "The logo must be a PNG or JPEG image.");
        buffer.Position = 0;
        var key = await files.SaveAsync(buffer, cancellationToken);
        var brand = await db.BrandSettings.SingleOrDefaultAsync(cancellationToken);
        if (brand is null) db.BrandSettings.Add(brand = new BrandSettings());
        var previous = brand.LogoKey;
        brand.LogoKey = key;
        brand.LogoContentType = type.ContentType;
        audit.Add("brand.logo-changed", currentUser.Id, currentUser.Name, nameof(BrandSettings), BrandSettings.SingletonId.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // The new bytes belong to no brand: leave nothing behind.
            await files.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        if (previous is not null) await files.DeleteAsync(previous, CancellationToken.None);
        return await CurrentAsync(cancellationToken);
    }

    /// <summary>The logo's bytes and content type, for the public logo address; null when there is none.</summary>
    public async Task<Document?> LogoAsync(CancellationToken cancellationToken = default)
    {
        var brand = await SettingsAsync(cancellationToken);
        if (brand.LogoKey is null || brand.LogoContentType is null) return null;
        await using var stream = await files.OpenAsync(brand.LogoKey, cancellationToken);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return new Document(copy.ToArray(), brand.LogoContentType, "logo");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool IsMailAddress(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.');

    /// <summary>The WCAG contrast ratio of white on the colour.</summary>
    public static double ContrastWithWhite(string hex)
    {
        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var rgb = Convert.FromHexString(hex.TrimStart('#'));
        var luminance = 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);
        return 1.05 / (luminance + 0.05);
    }
}
