using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Allyward.Learning;
using Allyward.Learning.Reminders;
using Allyward.Platform.Data;
using Allyward.Platform.Notifications;
using Allyward.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Allyward.Tests.Learning;

/// <summary>Learning through the API as its users meet it: authors build, learners take, the server scores, certificates are awarded and verified.</summary>
public abstract class LearningTests(AllywardApp app)
{
    /// <summary>A published course: a reading and a quiz of three single-choice questions; the correct option id of each question.</summary>
    internal sealed record TestCourse(string Id, string Title, string TextLessonId, string QuizLessonId, Dictionary<string, string> Correct, Dictionary<string, string> Wrong);

    internal static async Task<TestCourse> CourseAsync(HttpClient author, object? quizSettings = null, string? title = null)
    {
        title ??= $"Course {Unique.Suffix()}";
        var course = await author.PostJsonAsync("/api/v1/learning/courses", new { title, summary = "For tests.", estimatedMinutes = 20 }).ExpectJsonAsync(HttpStatusCode.Created);
        var id = course["course"]!["id"]!.GetValue<string>();
        await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons", new { title = "Read this", kind = "Text", body = "# Hello\nSome **text**." })
            .ExpectAsync(HttpStatusCode.OK);
        var withQuiz = await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons", quizSettings ?? new { title = "Quiz", kind = "Quiz", passMarkPercent = 100 })
            .ExpectJsonAsync(HttpStatusCode.OK);
        var quizId = withQuiz["lessons"]!.AsArray().Last()!["id"]!.GetValue<string>();
        for (var i = 1; i <= 3; i++)
        {
            await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons/{quizId}/questions", new
            {
                kind = "SingleChoice", text = $"Question {i}?", options = new[] { new { text = $"Right {i}", correct = true }, new { text = $"Wrong {i}", correct = false } },
            }).ExpectAsync(HttpStatusCode.OK);
        }
        var published = await author.PostJsonAsync($"/api/v1/learning/courses/{id}/publish", new { }).ExpectJsonAsync(HttpStatusCode.OK);
        var lessons = published["lessons"]!.AsArray();
        var questions = lessons.Last()!["questions"]!.AsArray();
        return new TestCourse(id, title, lessons[0]!["id"]!.GetValue<string>(), quizId,
            questions.ToDictionary(q => q!["id"]!.GetValue<string>(), q => q!["options"]!.AsArray().Single(o => o!["correct"]!.GetValue<bool>())!["id"]!.GetValue<string>()),
            questions.ToDictionary(q => q!["id"]!.GetValue<string>(), q => q!["options"]!.AsArray().First(o => !o!["correct"]!.GetValue<bool>())!["id"]!.GetValue<string>()));
    }

    /// <summary>A new portal user of partner A (invited by its admin), with an API client.</summary>
    internal static async Task<(HttpClient Client, string UserId, string Email)> LearnerAsync(AllywardApp app, string role = "PartnerSales")
    {
        var partnerId = (await app.UserAsync(Demo.PartnerAAdmin)).PartnerId;
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        // An address of the partner's own domain, as its admin would invite.
        var email = $"learner.{Unique.Suffix()}@northwindsystems.com";
        var user = await admin.PostJsonAsync($"/api/v1/partners/{partnerId}/users", new { email, fullName = "Lena Learner", role }).ExpectJsonAsync(HttpStatusCode.Created);
        return (await app.ApiClientAsync(email), user["id"]!.GetValue<string>(), email);
    }

    private static object Answers(TestCourse course, JsonNode paper, bool right) => new
    {
        answers = paper["questions"]!.AsArray().Select(q => new
        {
            questionId = q!["id"]!.GetValue<string>(),
            optionIds = new[] { (right ? course.Correct : course.Wrong)[q["id"]!.GetValue<string>()] },
        }),
    };

    private async Task EnrollAsync(HttpClient learner, TestCourse course) =>
        await learner.PostJsonAsync($"/api/v1/learning/my/catalog/{course.Id}/enroll", new { }).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_learner_fails_then_passes_and_the_server_alone_knows_the_answers()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var course = await CourseAsync(author);
        var (learner, _, _) = await LearnerAsync(app);
        await EnrollAsync(learner, course);
        var bodies = new List<string>
        {
            await (await learner.GetAsync($"/api/v1/learning/my/courses/{course.Id}")).Content.ReadAsStringAsync(),
            await (await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.TextLessonId}/open", new { })).Content.ReadAsStringAsync(),
            await (await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.QuizLessonId}/open", new { })).Content.ReadAsStringAsync(),
        };
        await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.TextLessonId}/complete", new { }).ExpectAsync(HttpStatusCode.OK);

        var started = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.QuizLessonId}/attempts", new { }).ExpectAsync(HttpStatusCode.Created);
        var paperText = await started.Content.ReadAsStringAsync();
        var paper = JsonNode.Parse(paperText)!;
        bodies.Add(paperText);
        bodies.Add(await (await learner.GetAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}")).Content.ReadAsStringAsync());
        Assert.Equal(3, paper["questions"]!.AsArray().Count);
        // Nothing the learner receives before submitting says which answer is right.
        Assert.All(bodies, body => Assert.DoesNotContain("correct", body, StringComparison.OrdinalIgnoreCase));

        var failed = await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}/submit", Answers(course, paper, right: false)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(failed["passed"]!.GetValue<bool>());
        Assert.Equal(0, failed["scorePercent"]!.GetValue<int>());
        Assert.Null(failed["review"]);
        await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}/submit", Answers(course, paper, right: true)).ExpectProblemAsync(HttpStatusCode.Conflict);

        var second = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.QuizLessonId}/attempts", new { }).ExpectJsonAsync(HttpStatusCode.Created);
        var passed = await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{second["attemptId"]}/submit", Answers(course, second, right: true)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(passed["passed"]!.GetValue<bool>());
        Assert.Equal(100, passed["scorePercent"]!.GetValue<int>());
        Assert.True(passed["courseCompleted"]!.GetValue<bool>());

        var mine = await learner.GetAsync("/api/v1/learning/my/courses").ExpectJsonAsync(HttpStatusCode.OK);
        var item = mine["items"]!.AsArray().Single(c => c!["courseId"]!.GetValue<string>() == course.Id)!;
        Assert.Equal("Completed", item["state"]!.GetValue<string>());
        Assert.Equal(100, item["scorePercent"]!.GetValue<int>());
        await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.QuizLessonId}/attempts", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Attempt_limits_and_the_wait_after_a_failure_hold()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var limited = await CourseAsync(author, new { title = "Limited", kind = "Quiz", passMarkPercent = 100, maxAttempts = 2 });
        var waiting = await CourseAsync(author, new { title = "Waiting", kind = "Quiz", passMarkPercent = 100, waitMinutes = 60 });
        var (learner, _, _) = await LearnerAsync(app);
        await EnrollAsync(learner, limited);
        await EnrollAsync(learner, waiting);

        for (var i = 0; i < 2; i++)
        {
            var paper = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{limited.QuizLessonId}/attempts", new { }).ExpectJsonAsync(HttpStatusCode.Created);
            await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}/submit", Answers(limited, paper, right: false)).ExpectAsync(HttpStatusCode.OK);
        }
        var used = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{limited.QuizLessonId}/attempts", new { }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("2 attempts", used["detail"]!.GetValue<string>());

        var first = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{waiting.QuizLessonId}/attempts", new { }).ExpectJsonAsync(HttpStatusCode.Created);
        await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{first["attemptId"]}/submit", Answers(waiting, first, right: false)).ExpectAsync(HttpStatusCode.OK);
        var wait = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{waiting.QuizLessonId}/attempts", new { }).ExpectAsync((HttpStatusCode)429);
        Assert.True(wait.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(58));
        Assert.Equal(1, await app.WithDbAsync(db => db.QuizAttempts.CountAsync(a => a.LessonId == Guid.Parse(waiting.QuizLessonId))));
    }

    [Fact]
    public async Task A_random_draw_asks_part_of_the_bank_and_answers_after_a_pass_only_where_allowed()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var course = await CourseAsync(author, new { title = "Drawn", kind = "Quiz", passMarkPercent = 50, drawCount = 2, showAnswersAfterPass = true });
        var (learner, _, _) = await LearnerAsync(app);
        await EnrollAsync(learner, course);
        var paper = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.QuizLessonId}/attempts", new { }).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, paper["questions"]!.AsArray().Count);
        var result = await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}/submit", Answers(course, paper, right: true)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(result["passed"]!.GetValue<bool>());
        var review = result["review"]!.AsArray();
        Assert.Equal(2, review.Count);
        Assert.All(review, q => Assert.Single(q!["options"]!.AsArray(), o => o!["correct"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Bad_courses_are_refused_with_field_errors_and_nothing_is_written()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var before = await app.WithDbAsync(db => db.Courses.CountAsync());
        await author.PostJsonAsync("/api/v1/learning/courses", new { title = " " }).ExpectProblemAsync(HttpStatusCode.BadRequest, "title");
        Assert.Equal(before, await app.WithDbAsync(db => db.Courses.CountAsync()));

        var course = await author.PostJsonAsync("/api/v1/learning/courses", new { title = $"Empty {Unique.Suffix()}" }).ExpectJsonAsync(HttpStatusCode.Created);
        var id = course["course"]!["id"]!.GetValue<string>();
        await author.PostJsonAsync($"/api/v1/learning/courses/{id}/publish", new { }).ExpectProblemAsync(HttpStatusCode.BadRequest, "lessons");
        await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons", new { title = "Quiz", kind = "Quiz", passMarkPercent = 140 })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "passMarkPercent");
        await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons", new { title = "Video", kind = "Video", videoUrl = "http://example.com/x" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "videoUrl");
        var quiz = await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons", new { title = "Quiz", kind = "Quiz" }).ExpectJsonAsync(HttpStatusCode.OK);
        var quizId = quiz["lessons"]!.AsArray().Single()!["id"]!.GetValue<string>();
        await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons/{quizId}/questions", new
        {
            kind = "SingleChoice", text = "Which?", options = new[] { new { text = "A", correct = false }, new { text = "B", correct = false } },
        }).ExpectProblemAsync(HttpStatusCode.BadRequest, "options");
        // An empty quiz cannot be published.
        var empty = await author.PostJsonAsync($"/api/v1/learning/courses/{id}/publish", new { }).ExpectProblemAsync(HttpStatusCode.BadRequest, "lessons[0]");
        Assert.Contains("has no questions", empty.ToJsonString());
        var stored = await app.WithDbAsync(db => db.Courses.SingleAsync(c => c.Id == Guid.Parse(id)));
        Assert.Equal(CourseStatus.Draft, stored.Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.QuizQuestions.CountAsync(q => q.LessonId == Guid.Parse(quizId))));
    }

    [Fact]
    public async Task An_oversized_or_disguised_video_is_refused_and_leaves_no_file()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var course = await author.PostJsonAsync("/api/v1/learning/courses", new { title = $"Video {Unique.Suffix()}" }).ExpectJsonAsync(HttpStatusCode.Created);
        var id = course["course"]!["id"]!.GetValue<string>();
        var lesson = (await author.PostJsonAsync($"/api/v1/learning/courses/{id}/lessons", new { title = "Watch", kind = "Video" }).ExpectJsonAsync(HttpStatusCode.OK))["lessons"]![0]!["id"];
        var filesBefore = Directory.Exists(Path.Combine(app.DataFolder, "files")) ? Directory.GetFiles(Path.Combine(app.DataFolder, "files"), "*", SearchOption.AllDirectories).Length : 0;

        // The test app allows videos of 1 MB; this one is 1.5 MB.
        var mp4 = new byte[1_500_000];
        byte[] header = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2'];
        header.CopyTo(mp4, 0);
        await author.PutAsync($"/api/v1/learning/courses/{id}/lessons/{lesson}/file?fileName=big.mp4", Body(mp4)).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        await author.PutAsync($"/api/v1/learning/courses/{id}/lessons/{lesson}/file?fileName=fake.mp4", Body("MZ not a video"u8.ToArray())).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        var filesAfter = Directory.Exists(Path.Combine(app.DataFolder, "files")) ? Directory.GetFiles(Path.Combine(app.DataFolder, "files"), "*", SearchOption.AllDirectories).Length : 0;
        Assert.Equal(filesBefore, filesAfter);
        Assert.Equal(0, await app.WithDbAsync(db => db.LearningFiles.CountAsync(f => f.FileName == "big.mp4" || f.FileName == "fake.mp4")));

        // A small one is stored and streamed back with range requests.
        var small = mp4[..4096];
        var saved = await author.PutAsync($"/api/v1/learning/courses/{id}/lessons/{lesson}/file?fileName=small.mp4", Body(small)).ExpectJsonAsync(HttpStatusCode.OK);
        var fileId = saved["lessons"]![0]!["fileId"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/learning/files/{fileId}");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await author.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(small[100..200], await part.Content.ReadAsByteArrayAsync());
    }

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    [Fact]
    public async Task Assignment_rules_enroll_on_invitation_on_a_role_change_and_for_everyone_already_matching()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var forSales = await CourseAsync(author);
        var forEngineers = await CourseAsync(author);
        var (_, existingUser, _) = await LearnerAsync(app, "PartnerMarketing");

        // Added now: everyone who already matches is enrolled at once (the marketing user among them).
        var added = await author.PostJsonAsync("/api/v1/learning/assignment-rules", new { name = "Marketing rule", roles = new[] { "PartnerMarketing" }, courseId = forSales.Id, dueDays = 14 })
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(added["enrolled"]!.GetValue<int>() >= 1);
        Assert.True(await app.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.UserId == Guid.Parse(existingUser) && e.CourseId == Guid.Parse(forSales.Id))));
        await author.PostJsonAsync("/api/v1/learning/assignment-rules", new { name = "Engineer rule", roles = new[] { "PartnerTechnical" }, courseId = forEngineers.Id, dueDays = 30 })
            .ExpectAsync(HttpStatusCode.Created);

        // Invited: enrolled with the due date the rule gives.
        var (learner, newUser, _) = await LearnerAsync(app, "PartnerMarketing");
        var mine = await learner.GetAsync("/api/v1/learning/my/courses").ExpectJsonAsync(HttpStatusCode.OK);
        var assigned = mine["items"]!.AsArray().Single(c => c!["courseId"]!.GetValue<string>() == forSales.Id)!;
        var due = assigned["dueAt"]!.GetValue<DateTime>();
        Assert.InRange(due, DateTime.UtcNow.AddDays(13.9), DateTime.UtcNow.AddDays(14.1));
        Assert.DoesNotContain(mine["items"]!.AsArray(), c => c!["courseId"]!.GetValue<string>() == forEngineers.Id);

        // A new role: the new role's course follows.
        var partnerId = (await app.UserAsync(Demo.PartnerAAdmin)).PartnerId;
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);
        await admin.PutJsonAsync($"/api/v1/partners/{partnerId}/users/{newUser}/role", new { role = "PartnerTechnical" }).ExpectAsync(HttpStatusCode.OK);
        Assert.True(await app.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.UserId == Guid.Parse(newUser) && e.CourseId == Guid.Parse(forEngineers.Id))));
        await admin.PutJsonAsync($"/api/v1/partners/{partnerId}/users/{newUser}/role", new { role = "ProgramAdmin" }).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
    }

    [Fact]
    public async Task A_track_certifies_and_the_public_page_shows_only_what_it_should()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var course = await CourseAsync(author);
        var track = await author.PostJsonAsync("/api/v1/learning/tracks", new { title = $"Track {Unique.Suffix()}", forRole = "PartnerSales", courseIds = new[] { course.Id } })
            .ExpectJsonAsync(HttpStatusCode.Created);
        var name = $"Certified Tester {Unique.Suffix()}";
        await author.PostJsonAsync("/api/v1/learning/certifications", new { name, validityMonths = 24, trackId = track["id"] }).ExpectAsync(HttpStatusCode.Created);
        await author.PostJsonAsync("/api/v1/learning/certifications", new { name = "Neither", validityMonths = 24 }).ExpectProblemAsync(HttpStatusCode.BadRequest, "trackId");

        using var receiver = new WebhookReceiver();
        await author.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "course.completed", "certification.awarded", "certification.revoked" } })
            .ExpectAsync(HttpStatusCode.Created);
        var (learner, userId, email) = await LearnerAsync(app);
        await EnrollAsync(learner, course);
        await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.TextLessonId}/complete", new { }).ExpectAsync(HttpStatusCode.OK);
        var paper = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{course.QuizLessonId}/attempts", new { }).ExpectJsonAsync(HttpStatusCode.Created);
        await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}/submit", Answers(course, paper, right: true)).ExpectAsync(HttpStatusCode.OK);

        var certificates = await learner.GetAsync("/api/v1/learning/certificates").ExpectJsonAsync(HttpStatusCode.OK);
        var certificate = certificates["items"]!.AsArray().Single(c => c!["certification"]!.GetValue<string>() == name)!;
        Assert.Equal("Valid", certificate["status"]!.GetValue<string>());
        var code = certificate["publicCode"]!.GetValue<string>();
        Assert.Equal(26, code.Length);

        var anonymous = app.AnonymousClient();
        var page = await (await anonymous.GetAsync($"/verify/{code}").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("Lena Learner", page);
        Assert.Contains(name, page);
        Assert.Contains(Demo.PartnerA, page);
        Assert.Contains("Valid", page);
        Assert.DoesNotContain(email, page);
        Assert.DoesNotContain(userId, page);
        await anonymous.GetAsync($"/verify/{Allyward.Learning.Certificate.NewCode()}").ExpectAsync(HttpStatusCode.NotFound);
        await anonymous.GetAsync("/verify/not-a-code").ExpectAsync(HttpStatusCode.NotFound);

        var pdf = await (await anonymous.GetAsync($"/verify/{code}/certificate.pdf").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync();
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var text = string.Join(" ", document.GetPages().Select(p => p.Text));
            Assert.Contains("Lena Learner", text);
            Assert.Contains(name, text);
        }
        var qr = await (await anonymous.GetAsync($"/verify/{code}/qr.png").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync();
        Assert.Equal(Allyward.Platform.Files.FileTypes.Png.Signature, qr[..8]);
        var assertion = await anonymous.GetAsync($"/badges/assertions/{code}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Assertion", assertion["type"]!.GetValue<string>());
        Assert.StartsWith("sha256$", assertion["recipient"]!["identity"]!.GetValue<string>());
        Assert.DoesNotContain(email, assertion.ToJsonString());
        var badge = await anonymous.GetAsync(new Uri(assertion["badge"]!.GetValue<string>()).PathAndQuery).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(name, badge["name"]!.GetValue<string>());

        // Revoked by the vendor, with a reason: the page says so, and a second revocation is refused.
        await author.PostJsonAsync($"/api/v1/learning/certificates/{certificate["id"]}/revoke", new { reason = " " }).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await learner.PostJsonAsync($"/api/v1/learning/certificates/{certificate["id"]}/revoke", new { reason = "Self" }).ExpectAsync(HttpStatusCode.NotFound);
        // Two people revoke at once: one decision, and the other is told so.
        var both = await Task.WhenAll(
            author.PostJsonAsync($"/api/v1/learning/certificates/{certificate["id"]}/revoke", new { reason = "Shared the exam answers." }),
            (await app.ApiClientAsync(Demo.Admin)).PostJsonAsync($"/api/v1/learning/certificates/{certificate["id"]}/revoke", new { reason = "Also wrong." }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order().ToArray());
        await author.PostJsonAsync($"/api/v1/learning/certificates/{certificate["id"]}/revoke", new { reason = "Again." }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Revoked", await (await anonymous.GetAsync($"/verify/{code}")).Content.ReadAsStringAsync());
        Assert.True((await anonymous.GetAsync($"/badges/assertions/{code}").ExpectJsonAsync(HttpStatusCode.OK))["revoked"]!.GetValue<bool>());

        await app.DrainOutboxAsync();
        var events = receiver.Received.Select(r => JsonNode.Parse(r.Body)!).Where(e => e["data"]?["userId"]?.GetValue<string>() == userId).Select(e => e["type"]!.GetValue<string>()).ToList();
        Assert.Contains("course.completed", events);
        Assert.Contains("certification.awarded", events);
        Assert.Contains("certification.revoked", events);
    }

    [Fact]
    public async Task Overdue_reminders_go_once_per_interval_and_expiry_happens_exactly_once_across_runs()
    {
        var author = await app.ApiClientAsync(Demo.Admin);
        var course = await CourseAsync(author);
        var (learner, userId, _) = await LearnerAsync(app);
        await author.PostJsonAsync("/api/v1/learning/enrollments", new { userId, courseId = course.Id, dueAt = DateTime.UtcNow.AddDays(3) }).ExpectAsync(HttpStatusCode.OK);
        var user = Guid.Parse(userId);

        async Task<int> RemindAt(DateTime at) => await app.WithScopeAsync(async sp =>
            await new OverdueLearningReminders(sp.GetRequiredService<AllywardDbContext>(), new FakeTimeProvider(at), sp.GetRequiredService<Allyward.Platform.Outbox.Outbox>(),
                sp.GetRequiredService<IOptions<LearningOptions>>()).RunAsync());
        await RemindAt(DateTime.UtcNow.AddDays(4));
        await RemindAt(DateTime.UtcNow.AddDays(5));
        await app.DrainOutboxAsync();
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == user && n.Title.StartsWith("Overdue"))));
        await RemindAt(DateTime.UtcNow.AddDays(12));
        await app.DrainOutboxAsync();
        Assert.Equal(2, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == user && n.Title.StartsWith("Overdue"))));

        // A certificate of this learner, through an exam course; then its expiry run by four at once, as on four nodes.
        var exam = await CourseAsync(author);
        await author.PostJsonAsync("/api/v1/learning/certifications", new { name = $"Expiring {Unique.Suffix()}", validityMonths = 1, examCourseId = exam.Id }).ExpectAsync(HttpStatusCode.Created);
        await EnrollAsync(learner, exam);
        await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{exam.TextLessonId}/complete", new { }).ExpectAsync(HttpStatusCode.OK);
        var paper = await learner.PostJsonAsync($"/api/v1/learning/my/lessons/{exam.QuizLessonId}/attempts", new { }).ExpectJsonAsync(HttpStatusCode.Created);
        await learner.PostJsonAsync($"/api/v1/learning/my/attempts/{paper["attemptId"]}/submit", Answers(exam, paper, right: true)).ExpectAsync(HttpStatusCode.OK);
        var certificate = await app.WithDbAsync(db => db.Certificates.SingleAsync(c => c.UserId == user));

        // Other tests' certificates expire too: what this test counts is this certificate's mark and its holder's notifications.
        async Task RunAt<TWork>(DateTime at) where TWork : Allyward.Platform.Hosting.ClaimedWork<Guid> => await app.WithScopeAsync(async sp =>
            await ((TWork)ActivatorUtilities.CreateInstance(sp, typeof(TWork), new FakeTimeProvider(at))).RunAsync());
        async Task<(int? Reminded, DateTime? Expired, int Expiring, int HasExpired)> StateAsync()
        {
            await app.DrainOutboxAsync();
            return await app.WithDbAsync(async db =>
            {
                var c = await db.Certificates.AsNoTracking().SingleAsync(x => x.Id == certificate.Id);
                return (c.RemindedDaysBefore, c.ExpiredAt, await db.Notifications.CountAsync(n => n.UserId == user && n.Title.Contains(" expires ")),
                    await db.Notifications.CountAsync(n => n.UserId == user && n.Title.EndsWith("has expired")));
            });
        }
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunAt<CertificateExpiryReminders>(certificate.ExpiresAt.AddDays(-20))));
        Assert.Equal((30, null, 1, 0), await StateAsync());
        await RunAt<CertificateExpiryReminders>(certificate.ExpiresAt.AddDays(-10));
        Assert.Equal((30, null, 1, 0), await StateAsync());
        await RunAt<CertificateExpiryReminders>(certificate.ExpiresAt.AddDays(-6));
        Assert.Equal((7, null, 2, 0), await StateAsync());
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunAt<CertificateExpiry>(certificate.ExpiresAt.AddMinutes(1))));
        await RunAt<CertificateExpiry>(certificate.ExpiresAt.AddDays(1));
        var (reminded, expiredAt, expiring, hasExpired) = await StateAsync();
        Assert.NotNull(expiredAt);
        Assert.Equal((7, 2, 1), (reminded, expiring, hasExpired));
    }

    [Fact]
    public async Task A_partner_admin_sees_their_own_people_only()
    {
        var partnerB = (await app.UserAsync(Demo.PartnerBAdmin)).PartnerId!.Value;
        var partnerA = (await app.UserAsync(Demo.PartnerAAdmin)).PartnerId!.Value;
        var admin = await app.ApiClientAsync(Demo.PartnerAAdmin);

        var enrollments = await admin.GetAsync("/api/v1/learning/enrollments?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(enrollments["items"]!.AsArray());
        Assert.All(enrollments["items"]!.AsArray(), e => Assert.Equal(partnerA.ToString(), e!["partnerId"]!.GetValue<string>()));
        var asked = await admin.GetAsync($"/api/v1/learning/enrollments?partnerId={partnerB}").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(asked["items"]!.AsArray());
        var certificates = await admin.GetAsync("/api/v1/learning/certificates?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(certificates["items"]!.AsArray());
        Assert.All(certificates["items"]!.AsArray(), c => Assert.Equal(partnerA.ToString(), c!["partnerId"]!.GetValue<string>()));
        await admin.GetAsync($"/api/v1/learning/reports/partners/{partnerB}/team").ExpectProblemAsync(HttpStatusCode.NotFound);
        var team = await admin.GetAsync($"/api/v1/learning/reports/partners/{partnerA}/team").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(team["items"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "Mei Tanaka");
        var csv = await (await admin.GetAsync($"/api/v1/learning/reports/courses.csv").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith("course_id,course,enrolled", csv.TrimStart('\uFEFF'));
        // Forbidden lists answer as if they did not exist for partner users.
        await admin.GetAsync("/api/v1/learning/reports/partners").ExpectAsync(HttpStatusCode.NotFound);

        // A learner without the team permission sees their own certificates only.
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var own = await sales.GetAsync("/api/v1/learning/certificates").ExpectJsonAsync(HttpStatusCode.OK);
        var salesId = (await app.UserAsync(Demo.PartnerASales)).Id.ToString();
        Assert.All(own["items"]!.AsArray(), c => Assert.Equal(salesId, c!["userId"]!.GetValue<string>()));
        await sales.GetAsync("/api/v1/learning/enrollments").ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_data_shows_the_module_alive()
    {
        var cam = await app.ApiClientAsync(Demo.Cam);
        var report = await cam.GetAsync("/api/v1/learning/reports/courses").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(report["items"]!.AsArray(), r => r!["course"]!.GetValue<string>() == "Kestrel Vault fundamentals" && r["completed"]!.GetValue<int>() > 0);
        var partners = await cam.GetAsync("/api/v1/learning/reports/partners").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(partners["items"]!.AsArray().Count(p => p!["certifiedPeople"]!.GetValue<int>() > 0) >= 3);
        var sales = await app.ApiClientAsync(Demo.PartnerASales);
        var mine = await sales.GetAsync("/api/v1/learning/my/courses").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(mine["items"]!.AsArray(), c => c!["overdue"]!.GetValue<bool>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LearningTestsOnSqlite(SqliteApp app) : LearningTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LearningTestsOnPostgres(PostgresApp app) : LearningTests(app);
