using System.Net;
using System.Net.Http.Headers;
using Allyward.Tests.Infrastructure;

namespace Allyward.Tests.Platform;

/// <summary>
/// The vendor's brand on pages and mail. Changing the brand changes every page, so the tests run on an app of their
/// own; the demo brand (Kestrel Cloud) is what the shared apps show.
/// </summary>
public sealed class BrandingTests : IAsyncLifetime
{
    private sealed class BrandApp : AllywardApp
    {
        public override Allyward.Platform.Data.DatabaseProvider Provider => Allyward.Platform.Data.DatabaseProvider.Sqlite;
        protected override string ConnectionString => $"Data Source={Path.Combine(DataFolder, "brand.db")}";
    }

    private readonly BrandApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private static object Brand(string vendor = "Tailspin Networks", string color = "#0b5394", string? from = "partners@tailspin.example") => new
    {
        vendorName = vendor, portalTitle = "Tailspin Partner Hub", primaryColor = color, mailFromName = "Tailspin Partner Team", mailFromAddress = from,
        footer = "Tailspin Networks AG · Zürich", signInText = "Tailspin partners sign in here.", applicationIntro = "Join the Tailspin partner program.",
    };

    [Fact]
    public async Task The_demo_brand_is_on_the_sign_in_page_and_the_application_form()
    {
        var client = _app.CreateClient();
        var login = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        Assert.Contains("Kestrel Cloud", login);
        Assert.Contains("Kestrel Cloud partners and channel team: sign in with your work e-mail.", login);
        var apply = await (await client.GetAsync("/apply")).Content.ReadAsStringAsync();
        Assert.Contains("Become a Kestrel Cloud partner", apply);
        Assert.Contains("reviews every application within five working days", apply);
    }

    [Fact]
    public async Task A_program_admin_rebrands_the_portal_the_public_pages_and_the_mail_at_once()
    {
        var admin = await _app.ApiClientAsync(Demo.Admin);
        var saved = await admin.PutJsonAsync("/api/v1/branding", Brand()).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("#0b5394", saved["primaryColor"]!.GetValue<string>());

        var browser = await _app.SignInAsync(Demo.PartnerASales);
        var portal = await (await browser.GetAsync("/portal")).Content.ReadAsStringAsync();
        Assert.Contains("Tailspin Partner Hub", portal);
        Assert.Contains("Tailspin Networks AG · Zürich", System.Net.WebUtility.HtmlDecode(portal));
        Assert.DoesNotContain("Kestrel Cloud", portal);

        var login = await (await _app.CreateClient().GetAsync("/account/login")).Content.ReadAsStringAsync();
        Assert.Contains("Tailspin partners sign in here.", login);

        // The application's confirmation comes from the vendor's sender and names the vendor, not the applicant.
        var email = Unique.Email("brand");
        await _app.CreateClient().PostJsonAsync("/api/v1/applications", new
        {
            companyName = "Applicant Ltd", country = "DE", partnerType = "Reseller", sizeBand = "Small", contactName = "Ada Applicant", contactEmail = email,
        }).ExpectAsync(HttpStatusCode.Created);
        await _app.DrainOutboxAsync();
        var file = Directory.GetFiles(_app.MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Equal("partners@tailspin.example", file.From.Mailboxes.Single().Address);
        Assert.Equal("Tailspin Partner Team", file.From.Mailboxes.Single().Name);
        Assert.Contains("partner of Tailspin Networks", file.TextBody!);
        Assert.EndsWith("Tailspin Networks AG · Zürich", file.TextBody!.TrimEnd());
        Assert.Contains("Tailspin Networks", file.HtmlBody!);
        Assert.Contains("#0b5394", file.HtmlBody!);
    }

    [Theory]
    [InlineData("not a colour", "primaryColor")]
    [InlineData("#ffee00", "primaryColor")]
    public async Task A_colour_that_is_no_colour_or_too_light_for_white_text_is_refused_and_nothing_changes(string color, string field)
    {
        var admin = await _app.ApiClientAsync(Demo.Admin);
        var before = await admin.GetAsync("/api/v1/branding").ExpectJsonAsync(HttpStatusCode.OK);
        await admin.PutJsonAsync("/api/v1/branding", Brand(color: color)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        await admin.PutJsonAsync("/api/v1/branding", Brand(vendor: " ")).ExpectProblemAsync(HttpStatusCode.BadRequest, "vendorName");
        await admin.PutJsonAsync("/api/v1/branding", Brand(from: "ann@tailspin")).ExpectProblemAsync(HttpStatusCode.BadRequest, "mailFromAddress");
        var after = await admin.GetAsync("/api/v1/branding").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task The_logo_is_an_image_checked_by_its_content_and_served_to_everyone_as_that_image()
    {
        var admin = await _app.ApiClientAsync(Demo.Admin);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
        await admin.PostAsync("/api/v1/branding/logo", Upload("logo.png", "<script>alert(1)</script>"u8.ToArray())).ExpectProblemAsync(HttpStatusCode.BadRequest, "logo");
        int StoredFiles() => Directory.Exists(Path.Combine(_app.DataFolder, "files"))
            ? Directory.GetFiles(Path.Combine(_app.DataFolder, "files"), "*", SearchOption.AllDirectories).Length : 0;
        var before = StoredFiles();
        var tooLarge = png.Concat(new byte[600 * 1024]).ToArray();
        await admin.PostAsync("/api/v1/branding/logo", Upload("logo.png", tooLarge)).ExpectProblemAsync(HttpStatusCode.BadRequest, "logo");
        await _app.CreateClient().GetAsync("/branding/logo").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, StoredFiles());

        var saved = await admin.PostAsync("/api/v1/branding/logo", Upload("logo.png", png)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("/branding/logo", saved["logoUrl"]!.GetValue<string>());
        var logo = await _app.CreateClient().GetAsync("/branding/logo").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(png, await logo.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Only_program_admins_change_the_brand()
    {
        await (await _app.ApiClientAsync(Demo.Cam)).PutJsonAsync("/api/v1/branding", Brand()).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await _app.ApiClientAsync(Demo.PartnerAAdmin)).PutJsonAsync("/api/v1/branding", Brand()).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _app.ApiClientAsync(Demo.PartnerAAdmin)).GetAsync("/api/v1/branding").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private static MultipartFormDataContent Upload(string name, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }
}
