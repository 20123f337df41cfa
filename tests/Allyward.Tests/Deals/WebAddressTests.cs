using Allyward.Customers;

namespace Allyward.Tests.Deals;

public sealed class WebAddressTests
{
    [Theory]
    [InlineData("acme.com", "https://acme.com")]
    [InlineData("www.acme.com/en", "https://www.acme.com/en")]
    [InlineData("HTTPS://Acme.com", "https://acme.com")]
    [InlineData("  http://Shop.Acme.co.uk/Products/?q=1#top ", "http://shop.acme.co.uk/Products?q=1")]
    [InlineData("acme.com/", "https://acme.com")]
    [InlineData("bücher.de", "https://bücher.de")]
    [InlineData("acme.com:8443/portal", "https://acme.com:8443/portal")]
    public void What_people_type_is_kept_in_one_form(string typed, string kept) =>
        Assert.Equal(kept, WebAddress.Normalize(typed));

    [Theory]
    [InlineData("acme")]
    [InlineData("not a website")]
    [InlineData("ftp://acme.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:sales@acme.com")]
    [InlineData("https://user:secret@acme.com")]
    [InlineData("http://192.168.1.10")]
    [InlineData("acme.c0m")]
    [InlineData("-acme.com")]
    [InlineData("")]
    public void Text_that_cannot_be_a_web_address_is_refused(string typed) =>
        Assert.Null(WebAddress.Normalize(typed));
}
