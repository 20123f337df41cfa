using Allyward.Tests.Platform;

namespace Allyward.Tests.Browser;

/// <summary>
/// Return URLs on the real server (Kestrel), which refuses a response header that is not ASCII or has control
/// characters, where the in-process test server takes any text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReturnUrlTests(BrowserApp app)
{
    [Theory]
    [MemberData(nameof(AccountsTests.ReturnUrls), MemberType = typeof(AccountsTests))]
    public async Task Signing_in_on_the_real_server_leads_back_or_home_never_to_an_error(string returnUrl, string expected) =>
        Assert.Equal(expected, await AccountsTests.SignInReturningToAsync(new HttpClient(
            new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = new Uri(app.BaseUrl) }, returnUrl));
}
