using Allyward.Learning.BuildCourses;
using Allyward.Learning.Certificates;
using Allyward.Learning.Quizzes;
using Allyward.Learning.Reminders;
using Allyward.Learning.Reports;
using Allyward.Learning.TakeCourses;
using Allyward.Learning.Tracks;
using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Branding;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Allyward.Learning;

public sealed class LearningModule : AllywardModule
{
    public override IEnumerable<ApiTag> ApiTags => [new("Learning", "Courses, quizzes, learning tracks, assignment rules, certificates and the learning reports.")];

    public override IEnumerable<NavEntry> Navigation =>
    [
        new(NavArea.Console, 55, "Learning", "/console/learning", Icons.Material.Filled.School, [LearningPermissions.ViewAll, LearningPermissions.Author]),
        new(NavArea.Portal, 45, "My learning", "/portal/learning", Icons.Material.Filled.School, [LearningPermissions.Learn]),
        new(NavArea.Portal, 46, "Team learning", "/portal/learning/team", Icons.Material.Filled.Groups, [LearningPermissions.ViewTeam]),
    ];

    public override IEnumerable<HomeCard> HomeCards =>
    [
        new(HomeArea.Portal, 25, typeof(MyLearningCard), [LearningPermissions.Learn]),
        new(HomeArea.Console, 25, typeof(Reports.LearningConsoleCard), [LearningPermissions.ViewAll]),
    ];

    public override IEnumerable<PartnerTab> PartnerTabs => [new(45, "Learning", typeof(Reports.PartnerLearningTab), [LearningPermissions.ViewAll])];

    public override IEnumerable<WebhookEventType> WebhookEvents => LearningWebhookEvents.All;

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LearningOptions>(configuration.GetSection("Learning"));
        services.AddScoped<CourseBuilder>()
            .AddScoped<Learner>()
            .AddScoped<LearningFiles>()
            .AddScoped<CourseCompletion>()
            .AddScoped<QuizTaking>()
            .AddScoped<Assignments>()
            .AddScoped<IPartnerUserListener>(sp => sp.GetRequiredService<Assignments>())
            .AddScoped<TrackAdmin>()
            .AddScoped<Tracks.Enrollments>()
            .AddScoped<CertificateAwards>()
            .AddScoped<CertificateRecords>()
            .AddScoped<LearningReports>()
            .AddScoped<OverdueLearningReminders>()
            .AddScoped<CertificateExpiryReminders>()
            .AddScoped<CertificateExpiry>()
            .AddHostedService<LearningRemindersWorker>()
            .AddDemoData<LearningDemoData>();
    }

    private static readonly string[] Authors = [LearningPermissions.Author];
    private static readonly string[] Readers = [LearningPermissions.Author, LearningPermissions.ViewAll];
    private static readonly string[] Anyone = [LearningPermissions.Author, LearningPermissions.ViewAll, LearningPermissions.Learn, LearningPermissions.ViewTeam];
    private static readonly string[] Teams = [LearningPermissions.ViewAll, LearningPermissions.ViewTeam];
    private const long LargestUpload = 600 * LearningFileTypes.Megabyte;

    public override void MapEndpoints(IEndpointRouteBuilder api)
    {
        var learning = api.MapGroup("/learning").WithTags("Learning");
        MapAuthoring(learning);
        MapLearner(learning);
        MapTracks(learning);
        MapCertificates(learning);
        MapReports(learning);
    }

    private static void MapAuthoring(RouteGroupBuilder learning)
    {
        var courses = learning.MapGroup("/courses");
        courses.MapGet("/", async (CourseStatus? status, [AsParameters] ListQueryParameters q, CourseBuilder b, CancellationToken ct) => (await b.ListAsync(status, q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("Every course, drafts included, by title unless sorted otherwise");
        courses.MapGet("/export.csv", async (CourseStatus? status, [AsParameters] ListQueryParameters q, CourseBuilder b, CancellationToken ct) =>
                (await b.ExportCsvAsync(status, q.List, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "courses.csv")))
            .RequireAuthorization(Policies.AnyOf(Readers)).ProducesFile("text/csv").WithSummary("The courses as CSV");
        courses.MapPost("/", async (CourseRequest request, CourseBuilder b, CancellationToken ct) =>
                (await b.CreateAsync(request, ct)).ToHttp(c => TypedResults.Created($"/api/v1/learning/courses/{c.Course.Id}", c)))
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Create a course (a draft)");
        courses.MapGet("/{courseId:guid}", async (Guid courseId, CourseBuilder b, CancellationToken ct) => (await b.GetAsync(courseId, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("A course with its lessons and question banks, as its authors see it");
        courses.MapPut("/{courseId:guid}", async (Guid courseId, CourseRequest request, CourseBuilder b, CancellationToken ct) => (await b.UpdateAsync(courseId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Change a course's details and audience");
        courses.MapPost("/{courseId:guid}/publish", async (Guid courseId, PublishRequest request, CourseBuilder b, CancellationToken ct) => (await b.PublishAsync(courseId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Publish the course as a new edition (learners keep their progress unless resetProgress)");
        courses.MapPost("/{courseId:guid}/archive", async (Guid courseId, CourseBuilder b, CancellationToken ct) => (await b.ArchiveAsync(courseId, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Archive a course: enrolled learners keep it, nobody new finds it");
        courses.MapPut("/{courseId:guid}/cover", async (Guid courseId, string? fileName, HttpRequest http, CourseBuilder b, CancellationToken ct) =>
                (await b.UploadCoverAsync(courseId, fileName, http.Body, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).Accepts<Stream>("application/octet-stream")
            .WithSummary("Upload the cover image (PNG or JPEG, at most 2 MB) as the request body");
        courses.MapGet("/{courseId:guid}/cover", async (Guid courseId, LearningFiles files, CurrentUser user, CancellationToken ct) =>
                await files.CoverAsync(courseId, user.Can(LearningPermissions.Author), ct) is { } f
                    ? (IResult)TypedResults.Stream(f.Content, f.File.ContentType, enableRangeProcessing: true)
                    : ApiResults.NotFound("This course has no cover."))
            .RequireAuthorization(Policies.AnyOf(Anyone)).ProducesFile("image/png").WithSummary("The course's cover image");

        courses.MapPost("/{courseId:guid}/lessons", async (Guid courseId, LessonRequest request, CourseBuilder b, CancellationToken ct) => (await b.AddLessonAsync(courseId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Add a lesson at the end of the course");
        courses.MapPut("/{courseId:guid}/lessons/{lessonId:guid}", async (Guid courseId, Guid lessonId, LessonRequest request, CourseBuilder b, CancellationToken ct) =>
                (await b.UpdateLessonAsync(courseId, lessonId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Change a lesson");
        courses.MapDelete("/{courseId:guid}/lessons/{lessonId:guid}", async (Guid courseId, Guid lessonId, CourseBuilder b, CancellationToken ct) =>
                (await b.RemoveLessonAsync(courseId, lessonId, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Remove a lesson and the learners' progress in it");
        courses.MapPut("/{courseId:guid}/lesson-order", async (Guid courseId, ReorderRequest request, CourseBuilder b, CancellationToken ct) =>
                (await b.ReorderAsync(courseId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Put the lessons in a new order");
        courses.MapPut("/{courseId:guid}/lessons/{lessonId:guid}/file", async (Guid courseId, Guid lessonId, string? fileName, HttpRequest http, CourseBuilder b, CancellationToken ct) =>
                (await b.UploadLessonFileAsync(courseId, lessonId, fileName, http.Body, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).Accepts<Stream>("application/octet-stream")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(LargestUpload))
            .WithSummary("Upload a video lesson's MP4 or WebM (at most 500 MB) or a document lesson's PDF (at most 50 MB) as the request body");
        courses.MapPost("/{courseId:guid}/lessons/{lessonId:guid}/questions", async (Guid courseId, Guid lessonId, QuestionRequest request, CourseBuilder b, CancellationToken ct) =>
                (await b.AddQuestionAsync(courseId, lessonId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Add a question to a quiz's bank");
        courses.MapPut("/{courseId:guid}/lessons/{lessonId:guid}/questions/{questionId:guid}",
                async (Guid courseId, Guid lessonId, Guid questionId, QuestionRequest request, CourseBuilder b, CancellationToken ct) =>
                    (await b.UpdateQuestionAsync(courseId, lessonId, questionId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Change a quiz question");
        courses.MapDelete("/{courseId:guid}/lessons/{lessonId:guid}/questions/{questionId:guid}",
                async (Guid courseId, Guid lessonId, Guid questionId, CourseBuilder b, CancellationToken ct) => (await b.RemoveQuestionAsync(courseId, lessonId, questionId, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Remove a quiz question");

        learning.MapGet("/files/{fileId:guid}", async (Guid fileId, LearningFiles files, CurrentUser user, CancellationToken ct) =>
                await files.OpenAsync(fileId, user.Can(LearningPermissions.Author), ct) is { } f
                    ? (IResult)TypedResults.Stream(f.Content, f.File.ContentType, f.File.FileName, enableRangeProcessing: true)
                    : ApiResults.NotFound("No such file."))
            .RequireAuthorization(Policies.AnyOf(Anyone)).WithMetadata(new FramableBySiteAttribute()).ProducesFile("application/octet-stream")
            .WithSummary("A lesson's video or document, with range requests");
    }

    private static void MapLearner(RouteGroupBuilder learning)
    {
        var my = learning.MapGroup("/my").RequireAuthorization(LearningPermissions.Learn);
        my.MapGet("/courses", async (LearningState? state, [AsParameters] ListQueryParameters q, Learner l, CancellationToken ct) => (await l.MyCoursesAsync(state, q.List, ct)).ToHttp())
            .WithSummary("The caller's courses: assigned and chosen, in progress, completed, with due dates");
        my.MapGet("/courses/{courseId:guid}", async (Guid courseId, Learner l, CancellationToken ct) => (await l.OutlineAsync(courseId, ct)).ToHttp())
            .WithSummary("A course's outline with the caller's progress and the lesson to resume");
        my.MapGet("/catalog", async ([AsParameters] ListQueryParameters q, Learner l, CancellationToken ct) => (await l.CatalogAsync(q.List, ct)).ToHttp())
            .WithSummary("Published courses meant for the caller");
        my.MapPost("/catalog/{courseId:guid}/enroll", async (Guid courseId, Learner l, CancellationToken ct) => (await l.EnrollAsync(courseId, ct)).ToHttp())
            .WithSummary("Start a course from the catalog");
        my.MapPost("/lessons/{lessonId:guid}/open", async (Guid lessonId, Learner l, CancellationToken ct) => (await l.OpenAsync(lessonId, ct)).ToHttp())
            .WithSummary("Open a lesson: it becomes where the caller resumes, and its time starts");
        my.MapPost("/lessons/{lessonId:guid}/complete", async (Guid lessonId, Learner l, CancellationToken ct) => (await l.CompleteAsync(lessonId, ct)).ToHttp())
            .WithSummary("Complete a reading, video or document lesson (a quiz completes by being passed)");
        my.MapPost("/lessons/{lessonId:guid}/attempts", async (Guid lessonId, QuizTaking q, CancellationToken ct) =>
                (await q.StartAsync(lessonId, ct)).ToHttp(p => TypedResults.Created($"/api/v1/learning/my/attempts/{p.AttemptId}", p)))
            .WithSummary("Start a quiz attempt: the drawn questions, shuffled, without their answers");
        my.MapGet("/attempts/{attemptId:guid}", async (Guid attemptId, QuizTaking q, CancellationToken ct) => (await q.PaperAsync(attemptId, ct)).ToHttp())
            .WithSummary("An attempt not yet submitted, as drawn");
        my.MapPost("/attempts/{attemptId:guid}/submit", async (Guid attemptId, SubmitAnswersRequest request, QuizTaking q, CancellationToken ct) =>
                (await q.SubmitAsync(attemptId, request, ct)).ToHttp())
            .WithSummary("Submit the answers; the server scores them");
        my.MapGet("/attempts/{attemptId:guid}/result", async (Guid attemptId, QuizTaking q, CancellationToken ct) => (await q.ResultAsync(attemptId, ct)).ToHttp())
            .WithSummary("A submitted attempt's score (and, after a pass where the author allows it, the correct answers)");
    }

    private static void MapTracks(RouteGroupBuilder learning)
    {
        learning.MapGet("/tracks", async ([AsParameters] ListQueryParameters q, TrackAdmin t, CancellationToken ct) => (await t.TracksAsync(q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("Learning tracks");
        learning.MapPost("/tracks", async (TrackRequest request, TrackAdmin t, CancellationToken ct) =>
                (await t.SaveTrackAsync(null, request, ct)).ToHttp(x => TypedResults.Created($"/api/v1/learning/tracks/{x.Id}", x)))
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Create a learning track: ordered courses for a role");
        learning.MapPut("/tracks/{trackId:guid}", async (Guid trackId, TrackRequest request, TrackAdmin t, CancellationToken ct) => (await t.SaveTrackAsync(trackId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Change a learning track");
        learning.MapGet("/certifications", async ([AsParameters] ListQueryParameters q, TrackAdmin t, CancellationToken ct) => (await t.CertificationsAsync(q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Anyone)).WithSummary("Certifications, what earns each, and how many people hold it");
        learning.MapPost("/certifications", async (CertificationRequest request, TrackAdmin t, CancellationToken ct) =>
                (await t.SaveCertificationAsync(null, request, ct)).ToHttp(x => TypedResults.Created($"/api/v1/learning/certifications/{x.Id}", x)))
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Create a certification earned by a track or an exam course");
        learning.MapPut("/certifications/{certificationId:guid}", async (Guid certificationId, CertificationRequest request, TrackAdmin t, CancellationToken ct) =>
                (await t.SaveCertificationAsync(certificationId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Change a certification (certificates already awarded keep their dates)");
        learning.MapGet("/assignment-rules", async ([AsParameters] ListQueryParameters q, TrackAdmin t, CancellationToken ct) => (await t.RulesAsync(q.List, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("Assignment rules");
        learning.MapPost("/assignment-rules", async (RuleRequest request, TrackAdmin t, CancellationToken ct) =>
                (await t.AddRuleAsync(request, ct)).ToHttp(x => TypedResults.Created($"/api/v1/learning/assignment-rules/{x.Rule.Id}", x)))
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Add an assignment rule; everyone who already matches it is enrolled at once");
        learning.MapDelete("/assignment-rules/{ruleId:guid}", async (Guid ruleId, TrackAdmin t, CancellationToken ct) => (await t.RemoveRuleAsync(ruleId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(LearningPermissions.Author).WithSummary("Remove an assignment rule (its enrollments stay)");

        learning.MapGet("/enrollments", async ([AsParameters] EnrollmentQuery q, Tracks.Enrollments e, CancellationToken ct) => (await e.ListAsync(q, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Teams)).WithSummary("Who is enrolled in what (a partner admin sees their own people), by due date unless sorted otherwise");
        learning.MapGet("/enrollments/export.csv", async ([AsParameters] EnrollmentQuery q, Tracks.Enrollments e, CancellationToken ct) =>
                (await e.ExportCsvAsync(q, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "enrollments.csv")))
            .RequireAuthorization(Policies.AnyOf(Teams)).ProducesFile("text/csv").WithSummary("The enrollments as CSV");
        learning.MapPost("/enrollments", async (AssignCourseRequest request, Tracks.Enrollments e, CancellationToken ct) => (await e.AssignAsync(request, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Readers)).WithSummary("Assign a published course to a partner user, with a due date");
    }

    private static void MapCertificates(RouteGroupBuilder learning)
    {
        learning.MapGet("/certificates", async ([AsParameters] CertificateQuery q, CertificateRecords c, CancellationToken ct) => (await c.ListAsync(q, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(Anyone)).WithSummary("Certificates: every partner's for the vendor, a team's for its admin, one's own otherwise");
        learning.MapGet("/certificates/export.csv", async ([AsParameters] CertificateQuery q, CertificateRecords c, CancellationToken ct) =>
                (await c.ExportCsvAsync(q, ct)).ToHttp(csv => TypedResults.File(csv, "text/csv; charset=utf-8", "certificates.csv")))
            .RequireAuthorization(Policies.AnyOf(Anyone)).ProducesFile("text/csv").WithSummary("The certificates as CSV");
        learning.MapPost("/certificates/{certificateId:guid}/revoke", async (Guid certificateId, RevokeRequest request, CertificateRecords c, CancellationToken ct) =>
                (await c.RevokeAsync(certificateId, request, ct)).ToHttp())
            .RequireAuthorization(LearningPermissions.Revoke).WithSummary("Revoke a certificate, with the reason");
        learning.MapPost("/certificates/{certificateId:guid}/renew", async (Guid certificateId, CertificateAwards a, CurrentUser user, CancellationToken ct) =>
                (await a.RecertifyAsync(certificateId, user.Id ?? Guid.Empty, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(LearningPermissions.Learn).WithSummary("Start renewing one's certificate: its assessments open again");
        learning.MapGet("/certificates/{certificateId:guid}/certificate.pdf", async (Guid certificateId, CertificateRecords c, CertificateAwards a, Brand brand,
                IOptions<AllywardOptions> options, CancellationToken ct) =>
                await c.VisibleAsync(certificateId, ct) is { } found
                    ? (IResult)TypedResults.File(CertificateDocuments.Pdf(found, VerificationUrl(options, found.Code), (await brand.CurrentAsync(ct)).VendorName), "application/pdf", "certificate.pdf")
                    : ApiResults.NotFound("No such certificate."))
            .RequireAuthorization(Policies.AnyOf(Anyone)).ProducesFile("application/pdf").WithSummary("The certificate as a PDF");
    }

    private static void MapReports(RouteGroupBuilder learning)
    {
        learning.MapGet("/reports/courses", async (Guid? partnerId, Guid? courseId, LearningReports r, CancellationToken ct) =>
                TypedResults.Ok(new ReportRows<CourseReportRow>(await r.CoursesAsync(partnerId, ct, courseId))))
            .RequireAuthorization(Policies.AnyOf(Teams)).WithSummary("Per course (or for one, with courseId): enrolled, in progress, completed, overdue, pass rate, average score and study time");
        learning.MapGet("/reports/courses.csv", async (Guid? partnerId, Guid? courseId, LearningReports r, CancellationToken ct) =>
                TypedResults.File(LearningReports.CoursesCsv(await r.CoursesAsync(partnerId, ct, courseId)), "text/csv; charset=utf-8", "learning-courses.csv"))
            .RequireAuthorization(Policies.AnyOf(Teams)).ProducesFile("text/csv").WithSummary("The course report as CSV");
        learning.MapGet("/reports/partners", async (LearningReports r, CancellationToken ct) => TypedResults.Ok(new ReportRows<PartnerReportRow>(await r.PartnersAsync(ct))))
            .RequireAuthorization(LearningPermissions.ViewAll).WithSummary("Per partner: learners, enrollments, completions, overdue and certified people");
        learning.MapGet("/reports/partners.csv", async (LearningReports r, CancellationToken ct) =>
                TypedResults.File(LearningReports.PartnersCsv(await r.PartnersAsync(ct)), "text/csv; charset=utf-8", "learning-partners.csv"))
            .RequireAuthorization(LearningPermissions.ViewAll).ProducesFile("text/csv").WithSummary("The partner report as CSV");
        learning.MapGet("/reports/partners/{partnerId:guid}/team", async (Guid partnerId, LearningReports r, CancellationToken ct) =>
                (await r.TeamAsync(partnerId, ct)).ToHttp(rows => TypedResults.Ok(new ReportRows<TeamMemberRow>(rows))))
            .RequireAuthorization(Policies.AnyOf(Teams)).WithSummary("A partner's people with their courses and certificates");
        learning.MapGet("/reports/partners/{partnerId:guid}/team.csv", async (Guid partnerId, LearningReports r, CancellationToken ct) =>
                (await r.TeamAsync(partnerId, ct)).ToHttp(rows => TypedResults.File(LearningReports.TeamCsv(rows), "text/csv; charset=utf-8", "learning-team.csv")))
            .RequireAuthorization(Policies.AnyOf(Teams)).ProducesFile("text/csv").WithSummary("A partner's people's learning as CSV");
    }

    private static string VerificationUrl(IOptions<AllywardOptions> options, string code) => $"{options.Value.PublicUrl.TrimEnd('/')}/verify/{code}";

    /// <summary>The certificate's public documents: QR code, PDF and the Open Badges 2.0 assertion, badge class and issuer.</summary>
    public override void MapPublicEndpoints(IEndpointRouteBuilder app)
    {
        var verify = app.MapGroup("/verify/{code}").AllowAnonymous().ExcludeFromDescription();
        verify.MapGet("/qr.png", async (string code, CertificateRecords c, IOptions<AllywardOptions> options, CancellationToken ct) =>
            await c.VerifyAsync(code, ct) is { } found ? Results.File(CertificateDocuments.QrPng(VerificationUrl(options, found.Code)), "image/png") : Results.NotFound());
        verify.MapGet("/certificate.pdf", async (string code, CertificateRecords c, Brand brand, IOptions<AllywardOptions> options, CancellationToken ct) =>
            await c.VerifyAsync(code, ct) is { } found
                ? Results.File(CertificateDocuments.Pdf(found, VerificationUrl(options, found.Code), (await brand.CurrentAsync(ct)).VendorName), "application/pdf", "certificate.pdf")
                : Results.NotFound());

        var badges = app.MapGroup("/badges").AllowAnonymous().ExcludeFromDescription();
        badges.MapGet("/assertions/{code}", async (string code, CertificateRecords c, AllywardDbContext db, IOptions<AllywardOptions> options, CancellationToken ct) =>
        {
            if (await c.VerifyAsync(code, ct) is not { } found) return Results.NotFound();
            var email = await db.Certificates.AsSystem().Where(x => x.PublicCode == code)
                .Join(db.Users.AsSystem(), x => x.UserId, u => u.Id, (x, u) => u.Email).SingleAsync(ct);
            var root = options.Value.PublicUrl.TrimEnd('/');
            return Results.Json(CertificateDocuments.Assertion(found, email ?? "", $"{root}/badges/assertions/{code}", $"{root}/badges/classes/{found.CertificationId}",
                VerificationUrl(options, code)), contentType: "application/ld+json");
        });
        badges.MapGet("/classes/{certificationId:guid}", async (Guid certificationId, AllywardDbContext db, IOptions<AllywardOptions> options, CancellationToken ct) =>
        {
            var certification = await db.Certifications.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificationId, ct);
            if (certification is null) return Results.NotFound();
            var root = options.Value.PublicUrl.TrimEnd('/');
            return Results.Json(CertificateDocuments.BadgeClass(certification.Id, certification.Name, certification.Description, $"{root}/badges/classes/{certification.Id}",
                $"{root}/badges/issuer", $"{root}/badges/classes/{certification.Id}/image.svg", $"{root}/badges/classes/{certification.Id}"), contentType: "application/ld+json");
        });
        badges.MapGet("/classes/{certificationId:guid}/image.svg", async (Guid certificationId, AllywardDbContext db, CancellationToken ct) =>
            await db.Certifications.AsNoTracking().Where(c => c.Id == certificationId).Select(c => c.Name).SingleOrDefaultAsync(ct) is { } name
                ? Results.Text(CertificateDocuments.BadgeSvg(name), "image/svg+xml") : Results.NotFound());
        badges.MapGet("/issuer", async (Brand brand, IOptions<AllywardOptions> options, CancellationToken ct) =>
        {
            var root = options.Value.PublicUrl.TrimEnd('/');
            return Results.Json(CertificateDocuments.Issuer($"{root}/badges/issuer", (await brand.CurrentAsync(ct)).VendorName, root), contentType: "application/ld+json");
        });
    }
}

/// <summary>The list kit's query string, for lists with no filters of their own.</summary>
