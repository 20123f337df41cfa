using Allyward.Learning;
using Allyward.Learning.Certificates;

namespace Allyward.Tests.Learning;

public sealed class CertificateDocumentTests
{
    private static PublicCertificate Certificate(string holder) => new(holder, "Kestrel Certified Architect", "Northwind Systems",
        new DateTime(2026, 3, 1), new DateTime(2028, 3, 1), CertificateStatus.Valid, null, Allyward.Learning.Certificate.NewCode(), Guid.NewGuid(), "Designs tenants.");

    [Fact]
    public void The_pdf_carries_real_text_and_a_long_name_is_shortened_rather_than_running_off_the_page()
    {
        var pdf = CertificateDocuments.Pdf(Certificate("Mei Tanaka"), "http://localhost/verify/abc", "Kestrel Cloud");
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var page = document.GetPage(1);
            Assert.Contains("Mei Tanaka", page.Text);
            Assert.Contains("Kestrel Certified Architect", page.Text);
            Assert.Contains("Northwind Systems", page.Text);
            Assert.Contains("http://localhost/verify/abc", page.Text);
        }

        var longName = string.Join(" ", Enumerable.Repeat("Maximiliana-Alexandrina", 8));
        using var longDocument = UglyToad.PdfPig.PdfDocument.Open(CertificateDocuments.Pdf(Certificate(longName), "http://localhost/verify/abc", "Kestrel Cloud"));
        var longPage = longDocument.GetPage(1);
        Assert.Contains("…", longPage.Text);
        Assert.All(longPage.Letters, letter => Assert.InRange(letter.BoundingBox.Right, 0, longPage.Width));
    }
}
