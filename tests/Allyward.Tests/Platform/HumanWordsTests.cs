using Allyward.Programs.BusinessPlans;
using Allyward.Programs;
using Allyward.Learning;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Allyward.Onboarding.Kinds;
using Allyward.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

/// <summary>
/// Every page, opened as every demo role that may open it, speaks in words a person reads: no enum member or code
/// name (a multi-word PascalCase name such as <c>ManagedServiceProvider</c>, or a kebab-case code such as
/// <c>sign-agreement</c>) in its visible text. Attribute values, scripts, styles and comments are not read.
/// </summary>
public abstract partial class HumanWordsTests(AllywardApp app)
{
    /// <summary>The demo accounts with a password: every vendor role and every partner role.</summary>
    private static readonly string[] DemoRoles =
    [
        "admin@kestrelcloud.example", "cam@kestrelcloud.example", "marketing@kestrelcloud.example",
        "finance@kestrelcloud.example", "exec@kestrelcloud.example",
        "olivia.hart@northwindsystems.com", "daniel.okafor@northwindsystems.com", "mei.tanaka@northwindsystems.com",
        "lucas.moreau@northwindsystems.com", "grace.whitfield@northwindsystems.com",
    ];

    /// <summary>Pages that change state when opened; they have no text worth reading here.</summary>
    private static readonly string[] Skipped = ["/account/sign-out"];

    /// <summary>
    /// The code names a person must never read: every enum member whose name is several words run together (its
    /// label, or failing one a person, would write them apart), and every kebab-case code the product uses.
    /// </summary>
    internal static IReadOnlySet<string> CodeNames(IServiceProvider services)
    {
        var names = typeof(Allyward.Ui.Operations).Assembly.GetTypes()
            .Where(t => t.IsEnum)
            .SelectMany(t => Enum.GetNames(t))
            .Where(n => MultiWordPascal().IsMatch(n))
            .ToHashSet(StringComparer.Ordinal);
        using var scope = services.CreateScope();
        foreach (var kind in scope.ServiceProvider.GetServices<IOnboardingTaskKind>().Where(k => k.Name.Contains('-'))) names.Add(kind.Name);
        return names;
    }

    /// <summary>The text a person sees: no tags, attributes, scripts, styles or comments (Blazor's markers among them).</summary>
    internal static string VisibleText(string html)
    {
        var text = Regex.Replace(html, @"<!--.*?-->", " ", RegexOptions.Singleline);
        text = Regex.Replace(text, @"<(script|style|template)\b.*?</\1\s*>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        text = Regex.Replace(text, @"<[^>]*>", " ");
        return WebUtility.HtmlDecode(text);
    }

    internal static IEnumerable<string> CodeNamesIn(string html, IReadOnlySet<string> codeNames) =>
        Regex.Matches(VisibleText(html), @"[\p{L}\p{N}][\p{L}\p{N}\-]*[\p{L}\p{N}]|\p{L}")
            .Select(m => m.Value)
            .Where(codeNames.Contains)
            .Distinct();

    [GeneratedRegex(@"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$")]
    private static partial Regex MultiWordPascal();

    [Fact]
    public void The_code_name_check_finds_a_code_name_only_in_visible_text()
    {
        var names = CodeNames(app.Services);
        Assert.Contains("ManagedServiceProvider", names);
        Assert.Contains("sign-agreement", names);
        var html = """
            <div class="ManagedServiceProvider" title="sign-agreement"><!--Blazor:{"type":"AsiaPacific"}-->
            <script>var x = "NorthAmerica";</script>Managed service provider, 1–10 people, e-mail</div>
            """;
        Assert.Empty(CodeNamesIn(html, names));
        Assert.Equal(["ManagedServiceProvider", "sign-agreement"], CodeNamesIn("<td>ManagedServiceProvider</td><td>sign-agreement</td>", names));
    }

    [Fact]
    public async Task No_page_shows_an_enum_or_code_name_to_any_role()
    {
        var codeNames = CodeNames(app.Services);
        var ids = await app.WithDbAsync(async db =>
        {
            var partnerId = (await db.Partners.SingleAsync(p => p.Name == Demo.PartnerA)).Id;
            return new Dictionary<string, string>
            {
            ["partnerId"] = partnerId.ToString(),
            ["dealId"] = (await db.Deals.Where(d => d.PartnerId == partnerId).OrderBy(d => d.Id).FirstAsync()).Id.ToString(),
            ["applicationId"] = (await db.Applications.OrderBy(a => a.Id).FirstAsync()).Id.ToString(),
            ["courseId"] = (await db.Courses.Where(c => c.Status == Allyward.Learning.CourseStatus.Published).OrderBy(c => c.Title).FirstAsync()).Id.ToString(),
            ["code"] = (await db.Certificates.Where(c => c.PartnerId == partnerId).OrderBy(c => c.Id).FirstAsync()).PublicCode,
            ["programId"] = (await db.Programs.OrderBy(p => p.CreatedAt).FirstAsync()).Id.ToString(),
            ["planId"] = (await db.BusinessPlans.Where(p => p.PartnerId == partnerId).OrderBy(p => p.CreatedAt).FirstAsync()).Id.ToString(),
            };
        });
        var templates = typeof(Allyward.Ui.Operations).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))
            .Where(t => !Skipped.Contains(t))
            .Distinct()
            .Order()
            .ToList();
        var failures = new List<string>();
        var opened = 0;
        foreach (var email in DemoRoles)
        {
            var browser = await app.SignInAsync(email);
            foreach (var template in templates)
            {
                var path = Regex.Replace(template, @"\{(\w+)(:[^}]*)?\}", m =>
                    ids[char.ToLowerInvariant(m.Groups[1].Value[0]) + m.Groups[1].Value[1..]]);
                var response = await browser.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK) continue;
                opened++;
                var found = CodeNamesIn(await response.Content.ReadAsStringAsync(), codeNames).ToList();
                if (found.Count > 0) failures.Add($"{path} as {email}: {string.Join(", ", found)}");
            }
        }
        Assert.True(opened > 60, $"Only {opened} pages opened.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HumanWordsOnSqlite(SqliteApp app) : HumanWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HumanWordsOnPostgres(PostgresApp app) : HumanWordsTests(app);
