using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace Allyward.Learning.Certificates;

/// <summary>
/// What a certificate looks like outside Allyward: its PDF (with a QR code of its verification address), the QR code
/// itself, and its Open Badges 2.0 documents (hosted verification) so holders can add it to LinkedIn and badge wallets.
/// </summary>
public static class CertificateDocuments
{
    public static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(8);
    }

    public static byte[] Pdf(PublicCertificate certificate, string verificationUrl, string vendorName)
    {
        BundledFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"{certificate.Certification} — {certificate.Holder}";
        document.Info.Author = vendorName;
        var page = document.AddPage();
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            graphics.DrawRectangle(new XPen(XColor.FromArgb(0x1F, 0x3A, 0x5F), 3), 24, 24, width - 48, height - 48);
            Line(graphics, vendorName, 16, false, 80, width);
            Line(graphics, "Certificate", 34, true, 140, width);
            Line(graphics, "This certifies that", 14, false, 200, width);
            Line(graphics, Fit(graphics, certificate.Holder, 30, width - 160), 30, true, 245, width);
            Line(graphics, $"of {certificate.PartnerName}", 14, false, 280, width);
            Line(graphics, "holds the certification", 14, false, 320, width);
            Line(graphics, Fit(graphics, certificate.Certification, 24, width - 160), 24, true, 360, width);
            Line(graphics, $"Issued {certificate.IssuedAt:yyyy-MM-dd} · valid until {certificate.ExpiresAt:yyyy-MM-dd}", 12, false, 410, width);
            if (certificate.Status != CertificateStatus.Valid) Line(graphics, $"Status: {certificate.Status.Label()}", 14, true, 435, width);
            DrawQr(graphics, verificationUrl, width - 150, height - 150, 100);
            graphics.DrawString($"Verify: {verificationUrl}", new XFont(BundledFonts.Family, 9), XBrushes.DimGray, new XPoint(50, height - 56));
        }
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>The QR code drawn as squares, sharp at any zoom.</summary>
    private static void DrawQr(XGraphics graphics, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Count; column++)
            {
                if (modules[row][column]) graphics.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell, cell);
            }
        }
    }

    private static void Line(XGraphics graphics, string text, double size, bool bold, double y, double width) =>
        graphics.DrawString(text, new XFont(BundledFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular), XBrushes.Black,
            new XRect(0, y - size, width, size * 1.4), XStringFormats.TopCenter);

    /// <summary>A long name is cut with an ellipsis rather than running off the page.</summary>
    private static string Fit(XGraphics graphics, string text, double size, double room)
    {
        var font = new XFont(BundledFonts.Family, size, XFontStyleEx.Bold);
        if (graphics.MeasureString(text, font).Width <= room) return text;
        var cut = text;
        while (cut.Length > 1 && graphics.MeasureString(cut + "…", font).Width > room) cut = cut[..^1];
        return cut.TrimEnd() + "…";
    }

    /// <summary>The Open Badges 2.0 assertion, hosted at <paramref name="assertionUrl"/>; the recipient is the holder's e-mail, salted and hashed.</summary>
    public static object Assertion(PublicCertificate certificate, string holderEmail, string assertionUrl, string badgeClassUrl, string verificationUrl)
    {
        var salt = certificate.Code[..8];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(holderEmail.Trim().ToLowerInvariant() + salt)));
        var assertion = new Dictionary<string, object?>
        {
            ["@context"] = "https://w3id.org/openbadges/v2",
            ["type"] = "Assertion",
            ["id"] = assertionUrl,
            ["recipient"] = new { type = "email", hashed = true, salt, identity = "sha256$" + hash },
            ["badge"] = badgeClassUrl,
            ["issuedOn"] = certificate.IssuedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["expires"] = certificate.ExpiresAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["verification"] = new { type = "hosted" },
            ["evidence"] = verificationUrl,
        };
        if (certificate.Status == CertificateStatus.Revoked)
        {
            assertion["revoked"] = true;
            assertion["revocationReason"] = "Revoked by the issuer.";
        }
        return assertion;
    }

    public static object BadgeClass(Guid certificationId, string name, string description, string badgeClassUrl, string issuerUrl, string imageUrl, string criteriaUrl) =>
        new Dictionary<string, object?>
        {
            ["@context"] = "https://w3id.org/openbadges/v2",
            ["type"] = "BadgeClass",
            ["id"] = badgeClassUrl,
            ["name"] = name,
            ["description"] = string.IsNullOrWhiteSpace(description) ? name : description,
            ["image"] = imageUrl,
            ["criteria"] = new { id = criteriaUrl, narrative = $"Complete the learning that earns {name}." },
            ["issuer"] = issuerUrl,
        };

    public static object Issuer(string issuerUrl, string name, string url) => new Dictionary<string, object?>
    {
        ["@context"] = "https://w3id.org/openbadges/v2",
        ["type"] = "Issuer",
        ["id"] = issuerUrl,
        ["name"] = name,
        ["url"] = url,
    };

    /// <summary>A plain badge image: the certification's initials in a circle, as SVG.</summary>
    public static string BadgeSvg(string name)
    {
        var initials = string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsLetter(w[0])).Take(3).Select(w => char.ToUpperInvariant(w[0])));
        return $"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><circle cx="128" cy="128" r="120" fill="#1F3A5F"/><text x="128" y="150" font-family="sans-serif" font-size="72" font-weight="bold" fill="#fff" text-anchor="middle">{System.Net.WebUtility.HtmlEncode(initials)}</text></svg>""";
    }
}

/// <summary>The fonts the PDFs use, shipped inside Allyward (DejaVu Sans, under its own free licence), so PDFs look the same on any server.</summary>
internal sealed class BundledFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = new BundledFonts();
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Allyward.Learning.Fonts.{faceName}.ttf");
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
