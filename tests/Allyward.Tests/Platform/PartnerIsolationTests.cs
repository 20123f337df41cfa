using Allyward.Programs;
using Allyward.Learning;
using Allyward.Programs.BusinessPlans;
using Allyward.Customers;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Allyward.Tests.Platform;

/// <summary>
/// Signs in as users of partner A and aims every partner-facing endpoint and page at partner B's objects.
/// Endpoints and pages are discovered, not listed: a new one is covered the moment it is mapped, and a
/// route parameter this test cannot fill with one of B's objects fails it until the map below learns it.
/// </summary>
public abstract class PartnerIsolationTests(AllywardApp app)
{
    private sealed record PartnerB(Guid PartnerId, Guid UserId, Guid ContactId, Guid TokenId, Guid NotificationId, Guid ApplicationId,
        Guid AgreementId, Guid SignatureId, Guid TemplateId, Guid TaskId, Guid FileId, Guid DealId, Guid ExtensionRequestId, LearningOfB Learning, ProgramsOfB Programs, PlanOfB Plan);

    private async Task<PartnerB> ObjectsOfPartnerBAsync()
    {
        var partner = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerB));
        var admin = await app.UserAsync(Demo.PartnerBAdmin);
        var sales = await app.UserAsync(Demo.PartnerBSales);
        var contact = await app.WithDbAsync(db => db.PartnerContacts.FirstAsync(c => c.PartnerId == partner.Id));
        await app.TokenForAsync(Demo.PartnerBAdmin);
        var token = await app.WithDbAsync(db => db.ApiTokens.FirstAsync(t => t.UserId == admin.Id));
        var notification = await app.WithDbAsync(async db =>
        {
            var n = new Notification { Id = Guid.NewGuid(), UserId = admin.Id, Title = "For B only", CreatedAt = DateTime.UtcNow };
            db.Notifications.Add(n);
            await db.SaveChangesAsync();
            return n;
        });
        // Applications belong to no partner: partner users may not see any of them.
        var application = await app.WithDbAsync(db => db.Applications.Select(a => a.Id).FirstAsync());
        var (agreement, signature) = await SignedAgreementOfAsync(partner.Id, admin);
        var (task, file) = await OnboardingOfAsync(partner.Id);
        await LogoOfAsync(partner.Id);
        var template = await app.WithDbAsync(db => db.OnboardingTemplates.Select(t => t.Id).FirstAsync());
        var deal = await DealOfAsync(partner.Id, sales);
        var extension = await app.WithDbAsync(async db =>
        {
            var existing = await db.DealExtensionRequests.Where(r => r.DealId == deal).Select(r => (Guid?)r.Id).FirstOrDefaultAsync();
            if (existing is { } id) return id;
            var request = new Allyward.Deals.DealExtensionRequest
            {
                DealId = deal, PartnerId = partner.Id, Days = 10, Reason = "B's reason", RequestedAt = DateTime.UtcNow, RequestedById = sales.Id, RequestedByName = sales.FullName,
            };
            db.DealExtensionRequests.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
        return new PartnerB(partner.Id, sales.Id, contact.Id, token.Id, notification.Id, application, agreement, signature, template, task, file, deal, extension,
            await LearningOfAsync(partner.Id), await ProgramsOfAsync(partner.Id), await PlanOfAsync(partner.Id));
    }

    /// <summary>
    /// Partner B's place in the demo program, a promotion proposed for it and its value of a custom KPI (added on first use); tiers,
    /// exchange rates and KPIs are vendor configuration partners may not reach.
    /// </summary>
    private sealed record ProgramsOfB(Guid ProgramId, Guid TierId, Guid ProposalId, Guid RateId, Guid KpiId, Guid ValueId);

    private Task<ProgramsOfB> ProgramsOfAsync(Guid partnerId) => app.WithDbAsync(async db =>
    {
        var membership = await db.ProgramMemberships.FirstAsync(m => m.PartnerId == partnerId);
        var tiers = await db.Tiers.Where(t => t.ProgramId == membership.ProgramId).OrderBy(t => t.Rank).ToListAsync();
        var proposal = await db.TierProposals.Where(p => p.PartnerId == partnerId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
        if (proposal is null)
        {
            var from = tiers.Single(t => t.Id == membership.TierId);
            var to = tiers.Last();
            var added = new Allyward.Programs.TierProposal
            {
                ProgramId = membership.ProgramId, PartnerId = partnerId, Kind = Allyward.Programs.ProposalKind.Promotion, FromTierId = from.Id, FromTier = from.Name,
                ToTierId = to.Id, ToTier = to.Name, CreatedAt = DateTime.UtcNow, EvaluationId = Guid.NewGuid(),
            };
            db.TierProposals.Add(added);
            await db.SaveChangesAsync();
            proposal = added.Id;
        }
        var rate = await db.ExchangeRates.Select(r => r.Id).FirstAsync();
        var value = await db.KpiValues.Where(v => v.PartnerId == partnerId).FirstOrDefaultAsync();
        if (value is null)
        {
            var kpi = await db.CustomKpis.Select(k => k.Id).FirstAsync();
            value = new Allyward.Programs.Kpis.KpiValue
            {
                KpiId = kpi, PartnerId = partnerId, PeriodStart = new DateOnly(2001, 1, 1), PeriodEnd = new DateOnly(2001, 3, 31), Value = 99, RecordedAt = DateTime.UtcNow, RecordedBy = "Tests",
            };
            db.KpiValues.Add(value);
            await db.SaveChangesAsync();
        }
        return new ProgramsOfB(membership.ProgramId, tiers.Last().Id, proposal.Value, rate, value.KpiId, value.Id);
    });

    /// <summary>A joint business plan of partner B's with a goal and a partner-side action (created on first use).</summary>
    private sealed record PlanOfB(Guid PlanId, Guid GoalId, Guid ActionId);

    private Task<PlanOfB> PlanOfAsync(Guid partnerId) => app.WithDbAsync(async db =>
    {
        var existing = await db.BusinessPlans.Where(p => p.PartnerId == partnerId && p.Year == 2099).Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return new PlanOfB(id, await db.PlanGoals.Where(g => g.PlanId == id).Select(g => g.Id).FirstAsync(),
                await db.PlanActions.Where(a => a.PlanId == id).Select(a => a.Id).FirstAsync());
        }
        var plan = BusinessPlan.Start(partnerId, "B's secret plan", PlanPeriodKind.Year, 2099, null, "EUR", PlanStatus.Active, DateTime.UtcNow);
        var goal = new PlanGoal { PartnerId = partnerId, PlanId = plan.Id, Kind = GoalKind.Deals, Title = "B's goal", Target = 5, Side = PlanSide.Partner, CreatedAt = DateTime.UtcNow };
        var action = new PlanAction { PartnerId = partnerId, PlanId = plan.Id, GoalId = goal.Id, Title = "B's action", Side = PlanSide.Partner, DueOn = new DateOnly(2099, 3, 1), CreatedAt = DateTime.UtcNow };
        db.AddRange(plan, goal, action);
        await db.SaveChangesAsync();
        return new PlanOfB(plan.Id, goal.Id, action.Id);
    });

    /// <summary>
    /// Partner B's learning (its certificate and quiz attempt, from the demo data), and vendor content partners may not reach: a draft
    /// course and its lesson, and the authors' tracks, certifications and rules.
    /// </summary>
    private sealed record LearningOfB(Guid CourseId, Guid LessonId, Guid AttemptId, Guid CertificateId, Guid TrackId, Guid CertificationId, Guid RuleId);

    private Task<LearningOfB> LearningOfAsync(Guid partnerId) => app.WithDbAsync(async db =>
    {
        var draft = await db.Courses.Where(c => c.Status == Allyward.Learning.CourseStatus.Draft).Select(c => c.Id).FirstAsync();
        return new LearningOfB(draft, await db.Lessons.Where(l => l.CourseId == draft).Select(l => l.Id).FirstAsync(),
            await db.QuizAttempts.Where(a => a.PartnerId == partnerId).Select(a => a.Id).FirstAsync(),
            await db.Certificates.Where(c => c.PartnerId == partnerId).Select(c => c.Id).FirstAsync(),
            await db.LearningTracks.Select(t => t.Id).FirstAsync(), await db.Certifications.Select(c => c.Id).FirstAsync(),
            await db.AssignmentRules.Select(r => r.Id).FirstAsync());
    });

    /// <summary>A deal partner B registered (created on first use).</summary>
    private Task<Guid> DealOfAsync(Guid partnerId, Allyward.Platform.Identity.AppUser registrant) => app.WithDbAsync(async db =>
    {
        var existing = await db.Deals.Where(d => d.PartnerId == partnerId && (d.Status == Allyward.Deals.DealStatus.Submitted || d.Status == Allyward.Deals.DealStatus.Approved))
            .Select(d => (Guid?)d.Id).FirstOrDefaultAsync();
        if (existing is { } id) return id;
        var deal = new Allyward.Deals.Deal
        {
            PartnerId = partnerId, CustomerName = "B's secret customer", CustomerCountry = "DE",
            NameKey = Allyward.Customers.CustomerIdentity.Of("B's secret customer", null, null).NameKey,
            AmountMinor = 100, Currency = "EUR", ExpectedCloseDate = new DateOnly(2099, 1, 1),
            SubmittedAt = DateTime.UtcNow, RegisteredById = registrant.Id, RegisteredByName = registrant.FullName,
        };
        Allyward.Deals.Conflicts.MatchKeys.File(deal);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal.Id;
    });

    /// <summary>An onboarding task of partner B's with an uploaded file (created on first use).</summary>
    private Task<(Guid Task, Guid File)> OnboardingOfAsync(Guid partnerId) => app.WithDbAsync(async db =>
    {
        var existing = await db.OnboardingTasks.Where(t => t.PartnerId == partnerId && t.FileId != null).Select(t => new { t.Id, t.FileId }).FirstOrDefaultAsync();
        if (existing is not null) return (existing.Id, existing.FileId!.Value);
        var plan = new Allyward.Onboarding.OnboardingPlan { PartnerId = partnerId, TemplateName = "Isolation", StartedAt = DateTime.UtcNow };
        var file = new Allyward.Platform.Files.StoredFile
        {
            PartnerId = partnerId, FileName = "b-secret.pdf", ContentType = "application/pdf", Size = 1, Sha256 = "x",
            StorageKey = "0123456789abcdef0123456789abcdef", UploadedAt = DateTime.UtcNow, UploadedByName = "B",
        };
        var task = new Allyward.Onboarding.OnboardingTask
        {
            PartnerId = partnerId, PlanId = plan.Id, Position = 1, Title = "Upload", Kind = "upload-document", DueAt = DateTime.UtcNow,
        };
        task.AttachFile(file.Id);
        db.AddRange(plan, file, task);
        await db.SaveChangesAsync();
        return (task.Id, file.Id);
    });

    /// <summary>Partner B's logo (added on first use), so that asking for it, replacing it or removing it has something to find.</summary>
    private Task LogoOfAsync(Guid partnerId) => app.WithDbAsync(async db =>
    {
        var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
        if (partner.LogoFileId is not null) return 0;
        var logo = new Allyward.Platform.Files.StoredFile
        {
            PartnerId = partnerId, FileName = "b-secret-logo.png", ContentType = "image/png", Size = 1, Sha256 = "x",
            StorageKey = "fedcba9876543210fedcba9876543210", UploadedAt = DateTime.UtcNow, UploadedByName = "B",
        };
        db.Files.Add(logo);
        partner.LogoFileId = logo.Id;
        await db.SaveChangesAsync();
        return 1;
    });

    /// <summary>An agreement partner B signed (created on first use).</summary>
    private Task<(Guid Agreement, Guid Signature)> SignedAgreementOfAsync(Guid partnerId, Allyward.Platform.Identity.AppUser signer) => app.WithDbAsync(async db =>
    {
        var existing = await db.AgreementSignatures.Where(s => s.PartnerId == partnerId).Select(s => new { s.AgreementVersionId, s.Id }).FirstOrDefaultAsync();
        if (existing is not null) return (existing.AgreementVersionId, existing.Id);
        var version = new Allyward.Agreements.AgreementVersion
        {
            Title = $"Isolation agreement {Unique.Suffix()}", Version = 1, Format = Allyward.Agreements.AgreementFormat.Markdown,
            Text = "Terms", Sha256 = "x", PublishedAt = DateTime.UtcNow, PublishedByName = "Tests",
        };
        var signature = new Allyward.Agreements.AgreementSignature
        {
            PartnerId = partnerId, AgreementVersionId = version.Id, SignerId = signer.Id, SignerName = signer.FullName,
            SignerEmail = signer.Email!, SignedAt = DateTime.UtcNow, DocumentSha256 = "x",
        };
        db.AgreementVersions.Add(version);
        db.AgreementSignatures.Add(signature);
        db.AgreementReminders.Add(new Allyward.Agreements.AgreementReminder
        {
            PartnerId = partnerId, AgreementVersionId = version.Id, Day = DateOnly.FromDateTime(DateTime.UtcNow), SentAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return (version.Id, signature.Id);
    });

    private static string FillRoute(string pattern, PartnerB b) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => (char.ToLowerInvariant(m.Groups[1].Value[0]) + m.Groups[1].Value[1..]) switch
        {
            "partnerId" => b.PartnerId.ToString(),
            "userId" => b.UserId.ToString(),
            "contactId" => b.ContactId.ToString(),
            "tokenId" => b.TokenId.ToString(),
            "notificationId" => b.NotificationId.ToString(),
            "applicationId" => b.ApplicationId.ToString(),
            "agreementId" => b.AgreementId.ToString(),
            "signatureId" => b.SignatureId.ToString(),
            "templateId" => b.TemplateId.ToString(),
            "taskId" => b.TaskId.ToString(),
            "fileId" => b.FileId.ToString(),
            "dealId" => b.DealId.ToString(),
            "requestId" => b.ExtensionRequestId.ToString(),
            "courseId" => b.Learning.CourseId.ToString(),
            "lessonId" => b.Learning.LessonId.ToString(),
            "attemptId" => b.Learning.AttemptId.ToString(),
            "certificateId" => b.Learning.CertificateId.ToString(),
            "trackId" => b.Learning.TrackId.ToString(),
            "certificationId" => b.Learning.CertificationId.ToString(),
            "ruleId" => b.Learning.RuleId.ToString(),
            "programId" => b.Programs.ProgramId.ToString(),
            "tierId" => b.Programs.TierId.ToString(),
            "proposalId" => b.Programs.ProposalId.ToString(),
            "rateId" => b.Programs.RateId.ToString(),
            "kpiId" => b.Programs.KpiId.ToString(),
            "valueId" => b.Programs.ValueId.ToString(),
            "planId" => b.Plan.PlanId.ToString(),
            "goalId" => b.Plan.GoalId.ToString(),
            "actionId" => b.Plan.ActionId.ToString(),
            // Vendor content: any id serves.
            "questionId" => Guid.NewGuid().ToString(),
            // A certificate's verification page is public to whoever holds its address, by design (ADR 0018); an unknown one is not found.
            "code" => Allyward.Learning.Certificate.NewCode(),
            // Webhooks are vendor configuration, not partner data: any id serves, a partner must get 404.
            "webhookId" => Guid.NewGuid().ToString(),
            "fieldId" => Guid.NewGuid().ToString(),
            "documentName" => "v1",
            var unknown => throw new Xunit.Sdk.XunitException(
                $"Route '{pattern}' has the parameter '{unknown}'. Teach {nameof(PartnerIsolationTests)} which of partner B's objects fills it."),
        });

    /// <summary>Everything about partner B that an endpoint could change.</summary>
    private Task<string> SnapshotOfPartnerBAsync(PartnerB b) => app.WithDbAsync(async db => JsonSerializer.Serialize(new
    {
        partner = await db.Partners.AsNoTracking().SingleAsync(p => p.Id == b.PartnerId),
        users = await db.Users.AsNoTracking().Where(u => u.PartnerId == b.PartnerId).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.Email, u.IsActive, u.SecurityStamp, u.LockoutEnd, u.Role }).ToListAsync(),
        contacts = await db.PartnerContacts.AsNoTracking().Where(c => c.PartnerId == b.PartnerId).OrderBy(c => c.Id).ToListAsync(),
        files = await db.Files.AsNoTracking().Where(f => f.PartnerId == b.PartnerId).OrderBy(f => f.Id).Select(f => new { f.Id, f.StorageKey }).ToListAsync(),
        transitions = await db.PartnerStageTransitions.CountAsync(t => t.PartnerId == b.PartnerId),
        timeline = await db.TimelineEntries.CountAsync(t => t.PartnerId == b.PartnerId),
        tokens = await db.ApiTokens.AsNoTracking().Where(t => t.PartnerId == b.PartnerId).OrderBy(t => t.Id).Select(t => new { t.Id, t.RevokedAt }).ToListAsync(),
        notifications = await db.Notifications.AsNoTracking().Where(n => n.Id == b.NotificationId).Select(n => n.ReadAt).ToListAsync(),
        deals = await db.Deals.AsNoTracking().Where(d => d.PartnerId == b.PartnerId).OrderBy(d => d.Id).Select(d => new { d.Id, d.Status, d.ProtectedUntil }).ToListAsync(),
        extensions = await db.DealExtensionRequests.AsNoTracking().Where(r => r.PartnerId == b.PartnerId).OrderBy(r => r.Id).Select(r => new { r.Id, r.Status }).ToListAsync(),
        onboarding = await db.OnboardingTasks.AsNoTracking().Where(t => t.PartnerId == b.PartnerId).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.CompletedAt, t.ConfirmedAt, t.FileId }).ToListAsync(),
        templates = await db.OnboardingTemplates.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.Name }).ToListAsync(),
        signatures = await db.AgreementSignatures.AsNoTracking().Where(s => s.PartnerId == b.PartnerId).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.CounterSignedAt }).ToListAsync(),
        applications = await db.Applications.AsNoTracking().Where(a => a.Id == b.ApplicationId).Select(a => new { a.Status, a.PartnerId }).ToListAsync(),
        enrollments = await db.Enrollments.AsNoTracking().Where(e => e.PartnerId == b.PartnerId).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.CompletedAt, e.DueAt, e.LastLessonId, e.Version }).ToListAsync(),
        kpiValues = await db.KpiValues.AsNoTracking().Where(v => v.PartnerId == b.PartnerId).OrderBy(v => v.Id).Select(v => new { v.Id, v.Value, v.PeriodEnd }).ToListAsync(),
        rates = await db.ExchangeRates.AsNoTracking().Where(r => r.Id == b.Programs.RateId).Select(r => r.Rate).ToListAsync(),
        certificates = await db.Certificates.AsNoTracking().Where(c => c.PartnerId == b.PartnerId).OrderBy(c => c.Id).Select(c => new { c.Id, c.RevokedAt, c.Version }).ToListAsync(),
        attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.PartnerId == b.PartnerId).OrderBy(a => a.Id).Select(a => new { a.Id, a.SubmittedAt }).ToListAsync(),
        courses = await db.Courses.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Status, c.Version }).ToListAsync(),
        memberships = await db.ProgramMemberships.AsNoTracking().Where(m => m.PartnerId == b.PartnerId).OrderBy(m => m.Id).Select(m => new { m.Id, m.TierId, m.Version }).ToListAsync(),
        tierChanges = await db.TierChanges.CountAsync(c => c.PartnerId == b.PartnerId),
        proposals = await db.TierProposals.AsNoTracking().Where(p => p.PartnerId == b.PartnerId).OrderBy(p => p.Id).Select(p => new { p.Id, p.Status, p.Version }).ToListAsync(),
        programs = await db.Programs.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Version }).ToListAsync(),
        tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.Version }).ToListAsync(),
        plans = await db.BusinessPlans.AsNoTracking().Where(p => p.PartnerId == b.PartnerId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Title, p.Status, p.PartnerOwnerId, p.Version }).ToListAsync(),
        goals = await db.PlanGoals.AsNoTracking().Where(g => g.PartnerId == b.PartnerId).OrderBy(g => g.Id).Select(g => new { g.Id, g.Title, g.Target }).ToListAsync(),
        actions = await db.PlanActions.AsNoTracking().Where(a => a.PartnerId == b.PartnerId).OrderBy(a => a.Id).Select(a => new { a.Id, a.Title, a.Status, a.Version }).ToListAsync(),
        planHistory = await db.PlanHistory.CountAsync(h => h.PartnerId == b.PartnerId),
    }));

    private IEnumerable<(string Method, string Pattern)> ApiRoutesWithParameters() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1") && e.RoutePattern.Parameters.Count > 0)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)));

    [Theory]
    [InlineData(Demo.PartnerAAdmin)]
    [InlineData(Demo.PartnerASales)]
    public async Task Every_api_endpoint_answers_404_for_another_partners_objects_and_changes_nothing(string partnerAUser)
    {
        var b = await ObjectsOfPartnerBAsync();
        var before = await SnapshotOfPartnerBAsync(b);
        var client = await app.ApiClientAsync(partnerAUser);
        var routes = ApiRoutesWithParameters().ToList();
        Assert.True(routes.Count >= 10, $"Only {routes.Count} routes were discovered.");

        foreach (var (method, pattern) in routes)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), FillRoute(pattern, b));
            if (pattern.EndsWith("/upload"))
            {
                request.Content = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 hostile"u8.ToArray()), "file", "hostile.pdf" } };
            }
            else if ((pattern.EndsWith("/cover") || pattern.EndsWith("/file")) && method == "PUT")
            {
                request.Content = new ByteArrayContent(Allyward.Tests.Partners.OwnProfileTests.Png);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            }
            else if (pattern.EndsWith("/import") && method == "POST")
            {
                request.Content = new StringContent($"partner,periodStart,periodEnd,value\n{b.PartnerId},2001-04-01,2001-06-30,1\n", System.Text.Encoding.UTF8, "text/csv");
            }
            else if (pattern.EndsWith("/logo") && method == "PUT")
            {
                request.Content = new MultipartFormDataContent { { new ByteArrayContent(Allyward.Tests.Partners.OwnProfileTests.Png), "file", "hostile.png" } };
            }
            else if (method is "POST" or "PUT" or "PATCH")
            {
                // A complete, valid body: only the ownership of the object in the route can refuse it.
                request.Content = new StringContent(JsonSerializer.Serialize(ValidBodyFor(pattern, b)), System.Text.Encoding.UTF8, "application/json");
            }
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                $"{method} {pattern} as {partnerAUser} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        // Ids in a body are checked the same way.
        await client.PostJsonAsync("/api/v1/tokens", new { userId = b.UserId, name = "stolen" }).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await SnapshotOfPartnerBAsync(b));
    }

    private static object ValidBodyFor(string pattern, PartnerB b) => pattern switch
    {
        _ when pattern.StartsWith("/api/v1/programs/exchange-rates") => new { rate = 1.5m },
        _ when pattern.StartsWith("/api/v1/programs/kpis") && pattern.EndsWith("/values") => new { partnerId = b.PartnerId, periodStart = "2001-01-01", periodEnd = "2001-03-31", value = 1 },
        _ when pattern.StartsWith("/api/v1/programs/kpis") => new { name = "Hostile", unit = "points" },
        _ when pattern.StartsWith("/api/v1/programs/plans") && pattern.EndsWith("/partner-owner") => new { partnerOwnerId = Guid.NewGuid() },
        _ when pattern.StartsWith("/api/v1/programs/plans") && pattern.EndsWith("/status") => new { status = "Done" },
        _ when pattern.StartsWith("/api/v1/programs/plans") && pattern.Contains("/goals") => new { kind = "Deals", title = "Hostile", target = 1, side = "Partner" },
        _ when pattern.StartsWith("/api/v1/programs/plans") && pattern.Contains("/actions") => new { title = "Hostile", side = "Partner", dueOn = "2099-01-01" },
        _ when pattern.StartsWith("/api/v1/programs/plans") => new { title = "Hostile", currency = "EUR", status = "Closed" },
        _ when pattern.EndsWith("/role") => new { role = "PartnerSales" },
        _ when pattern.EndsWith("/decision") => new { approve = true, note = "Hostile" },
        _ when pattern.EndsWith("/evaluations") => new { },
        _ when pattern.Contains("/programs/{programId:guid}/members/") => new { tierId = Guid.NewGuid(), reason = "Hostile" },
        _ when pattern.Contains("/tiers") => new { name = "Hostile", requirements = new[] { new { kind = "WonDeals", target = 1, windowMonths = 12 } } },
        _ when pattern == "/api/v1/programs/{programId:guid}" => new { name = "Hostile", currency = "USD" },
        _ when pattern.EndsWith("/submit") => new { answers = new[] { new { questionId = Guid.NewGuid(), optionIds = Array.Empty<Guid>() } } },
        _ when pattern.EndsWith("/revoke") => new { reason = "Hostile" },
        _ when pattern.EndsWith("/publish") => new { resetProgress = true },
        _ when pattern.EndsWith("/lesson-order") => new { lessonIds = Array.Empty<Guid>() },
        _ when pattern.EndsWith("/questions") || pattern.Contains("/questions/") => new { kind = "TrueFalse", text = "Hostile?", options = new[] { new { text = "Yes", correct = true }, new { text = "No", correct = false } } },
        _ when pattern.EndsWith("/lessons") || pattern.Contains("/lessons/{lessonId:guid}") && pattern.StartsWith("/api/v1/learning/courses") => new { title = "Hostile", kind = "Text", body = "Hostile" },
        _ when pattern.StartsWith("/api/v1/learning/tracks") => new { title = "Hostile", courseIds = Array.Empty<Guid>() },
        _ when pattern.StartsWith("/api/v1/learning/certifications") => new { name = "Hostile", validityMonths = 12 },
        _ when pattern.StartsWith("/api/v1/learning/courses") => new { title = "Hostile" },
        _ when pattern.EndsWith("/users") => new { email = Unique.Email(), fullName = "Mallory", role = "PartnerSales" },
        _ when pattern.EndsWith("/contacts") || pattern.Contains("/contacts/") => new { name = "Mallory", email = Unique.Email() },
        _ when pattern.EndsWith("/profile") => new { description = "Hostile", website = "https://hostile.example", country = "DE", industries = new[] { "Hostile" } },
        _ when pattern.EndsWith("/stage-transitions") => new { to = "Offboarding", reason = "Hostile takeover" },
        _ when pattern.EndsWith("/read") => new { },
        _ when pattern.EndsWith("/extension-requests") => new { days = 30, reason = "Hostile" },
        _ when pattern.EndsWith("/close") => new { outcome = "Lost" },
        _ when pattern.StartsWith("/api/v1/deals/") => new { reason = "Hostile" },
        _ when pattern.EndsWith("/approve") || pattern.EndsWith("/reject") => new { reason = "Taking over" },
        _ when pattern.EndsWith("/signatures") => new { documentSha256 = "x" },
        _ when pattern.EndsWith("/countersign") || pattern.EndsWith("/reminders") => new { },
        _ when pattern.EndsWith("/agreements") => new { title = "Hostile", text = "Terms" },
        _ when pattern.EndsWith("/onboarding") || pattern.EndsWith("/confirm") => new { },
        _ when pattern.Contains("/onboarding-templates") => new { name = "Hostile", tasks = new[] { new { title = "X", kind = "manual", dueAfterDays = 1 } } },
        _ => Unique.Partner(),
    };

    /// <summary>
    /// Every list, search and export a partner can call, with filters that name partner B, searches for B's data,
    /// other sorts and the largest page: nothing of B's comes back, whatever the parameters.
    /// </summary>
    [Theory]
    [InlineData(Demo.PartnerAAdmin)]
    [InlineData(Demo.PartnerASales)]
    public async Task No_list_search_or_export_reveals_another_partners_rows(string partnerAUser)
    {
        var b = await ObjectsOfPartnerBAsync();
        var client = await app.ApiClientAsync(partnerAUser);
        var lists = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1") && e.RoutePattern.Parameters.Count == 0)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!)
            .Distinct()
            .ToList();
        Assert.Contains("/api/v1/deals", lists.Select(l => l.TrimEnd('/')));
        var customersOfB = await app.WithDbAsync(db => db.Deals.Where(d => d.PartnerId == b.PartnerId).Select(d => d.CustomerName).ToListAsync());
        Assert.NotEmpty(customersOfB);
        string[] secrets = [b.PartnerId.ToString(), Demo.PartnerB, Demo.PartnerBAdmin, Demo.PartnerBSales, b.DealId.ToString(), "b-secret.pdf", .. customersOfB];
        string[] queries =
        [
            "",
            $"?partnerId={b.PartnerId}&pageSize=200",
            $"?search={Uri.EscapeDataString(Demo.PartnerB)}&pageSize=200",
            $"?search={Uri.EscapeDataString("secret customer")}&status=Submitted&pageSize=200",
            $"?search=bluefin&sort=-createdAt&page=1&pageSize=200",
            $"?sort=name&pageSize=200&page=2",
            $"?ownerId={b.UserId}&stage=Active&pageSize=200",
        ];
        var answered = 0;
        foreach (var list in lists)
        {
            foreach (var query in queries)
            {
                var response = await client.GetAsync(list + query);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"GET {list}{query} answered {(int)response.StatusCode}: {body}");
                if (response.IsSuccessStatusCode) answered++;
                foreach (var secret in secrets)
                {
                    Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {list}{query} as {partnerAUser} revealed '{secret}'.");
                }
            }
        }
        Assert.True(answered >= queries.Length * 3, $"Only {answered} list requests succeeded: the test would prove little.");
    }

    /// <summary>The conflict search reads every partner's registrations (by raw SQL on PostgreSQL): what it finds of
    /// partner B's is reported to partner A without B's name, deal or customer.</summary>
    [Fact]
    public async Task A_conflict_with_another_partners_deal_is_reported_without_its_details()
    {
        var b = await ObjectsOfPartnerBAsync();
        var client = await app.ApiClientAsync(Demo.PartnerASales);
        var dealOfB = await app.WithDbAsync(db => db.Deals.SingleAsync(d => d.Id == b.DealId));
        Assert.Contains(dealOfB.Status, new[] { Allyward.Deals.DealStatus.Submitted, Allyward.Deals.DealStatus.Approved });
        var customer = new { companyName = dealOfB.CustomerName, contactEmail = dealOfB.ContactEmail, website = dealOfB.CustomerWebsite, country = "DE" };

        var check = await client.PostJsonAsync("/api/v1/deals/conflict-check", new { customer }).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(check["matches"]!.AsArray());
        var registered = await client.PostJsonAsync("/api/v1/deals", new
        {
            customer, amount = 1000, currency = "EUR", expectedCloseDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
        });
        var answers = check.ToJsonString() + await registered.Content.ReadAsStringAsync();
        Assert.True(registered.IsSuccessStatusCode, answers);
        foreach (var secret in new[] { b.PartnerId.ToString(), Demo.PartnerB, b.DealId.ToString() })
        {
            Assert.DoesNotContain(secret, answers);
        }
    }

    /// <summary>Isolation fails closed: a scope that acts for nobody (neither a signed-in user nor the system) sees
    /// no row of any partner's data, for every kind of it in the model, while the system sees them.</summary>
    [Fact]
    public async Task A_scope_acting_for_nobody_sees_no_partner_data()
    {
        await ObjectsOfPartnerBAsync();
        await using var nobody = app.Services.CreateAsyncScope();
        await using var system = app.Services.CreateAsSystemScope();
        var nobodysDb = nobody.ServiceProvider.GetRequiredService<Allyward.Platform.Data.AllywardDbContext>();
        var systemsDb = system.ServiceProvider.GetRequiredService<Allyward.Platform.Data.AllywardDbContext>();
        var partnerData = nobodysDb.Model.GetEntityTypes().Select(e => e.ClrType)
            .Where(t => typeof(Allyward.Platform.Isolation.IPartnerOwned).IsAssignableFrom(t) || typeof(Allyward.Platform.Isolation.IPartnerOrganization).IsAssignableFrom(t))
            .Append(typeof(Allyward.Platform.Identity.AppUser)).Append(typeof(Allyward.Platform.Tokens.ApiToken))
            .Distinct()
            .ToList();
        Assert.True(partnerData.Count >= 12, $"Only {partnerData.Count} kinds of partner data were found.");

        foreach (var type in partnerData)
        {
            Assert.True(await CountAsync(systemsDb, type) > 0, $"The system sees no {type.Name}: the test would prove nothing for it.");
            Assert.Equal((type.Name, 0), (type.Name, await CountAsync(nobodysDb, type)));
        }
    }

    private static Task<int> CountAsync(DbContext db, Type entity) =>
        (Task<int>)typeof(PartnerIsolationTests).GetMethod(nameof(CountOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(entity).Invoke(null, [db])!;

    private static Task<int> CountOfAsync<T>(DbContext db) where T : class => db.Set<T>().CountAsync();

    [Fact]
    public async Task The_same_requests_succeed_for_the_users_own_organization()
    {
        var client = await app.ApiClientAsync(Demo.PartnerAAdmin);
        var own = await app.WithDbAsync(db => db.Partners.SingleAsync(p => p.Name == Demo.PartnerA));

        await client.GetAsync($"/api/v1/partners/{own.Id}").ExpectAsync(HttpStatusCode.OK);
        await client.GetAsync($"/api/v1/partners/{own.Id}/users").ExpectAsync(HttpStatusCode.OK);
        var list = await client.GetAsync("/api/v1/partners?pageSize=200").ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { Demo.PartnerA }, list["items"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray());
        await client.PostJsonAsync($"/api/v1/partners/{own.Id}/users", new { email = Unique.Email(), fullName = "Colleague", role = "PartnerTechnical" })
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Every_page_with_an_id_answers_404_for_another_partners_objects()
    {
        var b = await ObjectsOfPartnerBAsync();
        var browser = await app.SignInAsync(Demo.PartnerAAdmin);
        var pageRoutes = typeof(Allyward.Ui.Operations).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))
            .Where(template => template.Contains('{'))
            .ToList();
        Assert.NotEmpty(pageRoutes);

        foreach (var template in pageRoutes)
        {
            var response = await browser.GetAsync(FillRoute(template, b));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{template} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(Demo.PartnerB, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Vendor_console_pages_are_not_found_for_partner_users()
    {
        var browser = await app.SignInAsync(Demo.PartnerASales);
        foreach (var path in new[] { "/console", "/console/partners", "/console/audit" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var own = await browser.GetAsync("/portal/organization");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var html = await own.Content.ReadAsStringAsync();
        Assert.Contains(Demo.PartnerA, html);
        Assert.DoesNotContain(Demo.PartnerB, html);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PartnerIsolationOnSqlite(SqliteApp app) : PartnerIsolationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PartnerIsolationOnPostgres(PostgresApp app) : PartnerIsolationTests(app);
