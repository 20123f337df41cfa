using Allyward.Learning;
using System.Text.RegularExpressions;
using Allyward.Platform.Identity;
using Allyward.Tests.Infrastructure;
using Allyward.Tests.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allyward.Tests.Browser;

/// <summary>Learning in the browser: a sales rep assigned a track takes it, fails and passes its quiz, and is verifiably certified.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LearningJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task A_sales_rep_is_assigned_a_track_fails_then_passes_and_is_verifiably_certified()
    {
        // The vendor's course, its track and certification, and the rule that assigns it to new sales people.
        var author = await app.ApiClientAsync(Demo.Admin);
        var course = await LearningTests.CourseAsync(author, title: $"Selling storage {Unique.Suffix()}");
        var track = await author.PostJsonAsync("/api/v1/learning/tracks", new { title = $"Sales track {Unique.Suffix()}", forRole = "PartnerSales", courseIds = new[] { course.Id } })
            .ExpectJsonAsync(System.Net.HttpStatusCode.Created);
        var certification = $"Certified Seller {Unique.Suffix()}";
        await author.PostJsonAsync("/api/v1/learning/certifications", new { name = certification, validityMonths = 24, trackId = track["id"] }).ExpectAsync(System.Net.HttpStatusCode.Created);
        await author.PostJsonAsync("/api/v1/learning/assignment-rules", new { name = "New sellers", roles = new[] { "PartnerSales" }, trackId = track["id"], dueDays = 30 })
            .ExpectAsync(System.Net.HttpStatusCode.Created);

        // A new sales rep at partner A, invited by its admin, with a password.
        var (_, userId, email) = await LearningTests.LearnerAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(userId);
            return await users.AddPasswordAsync(user!, Demo.Password);
        });

        var page = await app.SignedInPageAsync(email);
        await page.GotoAsync("/portal/learning");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var card = page.Locator("[data-testid=my-course]").Filter(new() { HasText = course.Title });
        await Expect(card).ToContainTextAsync("due");
        await card.Locator("[data-testid=open-course]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/portal/learning/courses/{course.Id}$"));
        await BrowserApp.WaitUntilInteractiveAsync(page);

        // The reading, then the quiz: wrong answers first.
        await Expect(page.Locator("[data-testid=lesson]")).ToContainTextAsync("Read this");
        await page.Locator("[data-testid=complete-lesson]").ClickAsync();
        await Expect(page.Locator("[data-testid=lesson]")).ToContainTextAsync("Quiz");
        await page.Locator("[data-testid=quiz-start]").ClickAsync();
        await Expect(page.Locator("[data-testid=quiz-question]")).ToHaveCountAsync(3);
        for (var i = 1; i <= 3; i++) await page.GetByText($"Wrong {i}", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=quiz-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=quiz-result]")).ToContainTextAsync("Not passed: 0%");

        await page.Locator("[data-testid=quiz-again]").ClickAsync();
        await page.Locator("[data-testid=quiz-start]").ClickAsync();
        await Expect(page.Locator("[data-testid=quiz-question]")).ToHaveCountAsync(3);
        for (var i = 1; i <= 3; i++) await page.GetByText($"Right {i}", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=quiz-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=quiz-result]")).ToContainTextAsync("Passed: 100%");
        await Expect(page.Locator("[data-testid=course-completed]")).ToBeVisibleAsync();

        // The certificate, and its public page, valid.
        await page.GotoAsync("/portal/learning/certificates");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var certificate = page.Locator("[data-testid=my-certificate]").Filter(new() { HasText = certification });
        await Expect(certificate).ToContainTextAsync("Valid");
        var verification = await certificate.Locator("[data-testid=verification-link]").GetAttributeAsync("href");
        var visitor = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl })).NewPageAsync();
        await visitor.GotoAsync(verification!);
        await Expect(visitor.Locator("[data-testid=verification-status]")).ToHaveTextAsync("Valid");
        await Expect(visitor.Locator("[data-testid=verification-holder]")).ToHaveTextAsync("Lena Learner");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = certification })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_author_builds_and_publishes_a_course_in_the_console()
    {
        var page = await app.SignedInPageAsync(Demo.Admin);
        await page.GotoAsync("/console/learning");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var title = $"Console course {Unique.Suffix()}";
        await page.Locator("[data-testid=create-course]").ClickAsync();
        await Expect(page.GetByText("Enter the course title.")).ToBeVisibleAsync();
        await page.GetByLabel("New course title").FillAsync(title);
        await page.Locator("[data-testid=create-course]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);

        // Publishing an empty course says what is missing.
        await page.Locator("[data-testid=publish-course]").ClickAsync();
        await Expect(page.Locator("[data-testid=publish-errors]")).ToContainTextAsync("Add at least one lesson");

        var form = page.Locator("[data-testid=add-lesson]");
        await form.GetByLabel("Title").FillAsync("Why it matters");
        await form.GetByLabel("Text (Markdown)").FillAsync("Storage that **stays** in the region.");
        await page.Locator("[data-testid=add-lesson-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=editor-lesson]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=publish-course]").ClickAsync();
        await Expect(page.Locator("[data-testid=course-status]")).ToContainTextAsync("Published");
        var status = await app.WithDbAsync(db => db.Courses.Where(c => c.Title == title).Select(c => c.Status).SingleAsync());
        Assert.Equal(Allyward.Learning.CourseStatus.Published, status);

        // The lesson as a learner will see it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview as a learner sees it" }).ClickAsync();
        await Expect(page.Locator("[data-testid=lesson-preview] strong")).ToHaveTextAsync("stays");

        // A track without a title or courses is refused field by field, and nothing is written.
        await page.GotoAsync("/console/learning");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Tracks and certifications" }).ClickAsync();
        var track = page.Locator("[data-testid=new-track]");
        await track.GetByRole(AriaRole.Button, new() { Name = "Add track" }).ClickAsync();
        await Expect(track).ToContainTextAsync("Enter the track's title.");
        await Expect(track).ToContainTextAsync("Add at least one course.");
        var tracks = await app.WithDbAsync(db => db.LearningTracks.CountAsync());
        await track.GetByLabel("Title").FillAsync($"Track {Unique.Suffix()}");
        await track.GetByRole(AriaRole.Button, new() { Name = "Add track" }).ClickAsync();
        await Expect(track).ToContainTextAsync("Add at least one course.");
        Assert.Equal(tracks, await app.WithDbAsync(db => db.LearningTracks.CountAsync()));
    }
}
