using Allyward.Learning.Tracks;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning;

/// <summary>
/// Three published courses with quizzes and a draft, two tracks leading to certifications, the rules that assign them,
/// and learners at several partners part-way through, certified, one overdue and one certificate close to expiry.
/// </summary>
internal sealed class LearningDemoData(AllywardDbContext db, Assignments assignments) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        var now = seed.Now;
        var published = now.AddDays(-200);
        var fundamentals = Course(now, "Kestrel Vault fundamentals", "What Kestrel Vault does, for whom, and how it is sold and priced.", 45, ["Kestrel Vault"], [], published);
        var selling = Course(now, "Selling Kestrel Vault", "Discovery questions, the three buyer personas, objections and how to register the deal.", 60, ["Kestrel Vault"],
            [UserRole.PartnerSales, UserRole.PartnerAdmin, UserRole.PartnerExecutive], published);
        var architecture = Course(now, "Kestrel Vault architecture for engineers", "Regions, tenancy, networking and the migration path from on-premises storage.", 90,
            ["Kestrel Vault", "Kestrel Migrate"], [UserRole.PartnerTechnical, UserRole.PartnerAdmin], published);
        var marketing = Course(now, "Co-marketing with Kestrel Vault", "Campaign kits, MDF and the brand rules.", 30, ["Kestrel Vault"], [UserRole.PartnerMarketing], null);
        db.Courses.AddRange(fundamentals, selling, architecture, marketing);

        var lessons = new List<Lesson>();
        Lesson Add(Course course, string title, LessonKind kind, string? body = null, string? video = null, int minutes = 10)
        {
            var lesson = new Lesson { CourseId = course.Id, Position = lessons.Count(l => l.CourseId == course.Id) + 1, Title = title, Kind = kind, Body = body, VideoUrl = video, EstimatedMinutes = minutes };
            lessons.Add(lesson);
            return lesson;
        }
        Add(fundamentals, "What Kestrel Vault is", LessonKind.Text, """
            ## Object storage that behaves like a file share
            Kestrel Vault stores files for companies of 50 to 5,000 people, in the region they choose, and bills **per terabyte used**.

            - Customers keep their folders, permissions and drive letters.
            - Backups, versioning and ransomware recovery are built in.
            - It runs in 9 regions; data never leaves the region chosen.
            """);
        Add(fundamentals, "The product in five minutes", LessonKind.Video, video: "https://www.youtube.com/watch?v=aqz-KE-bpKQ", minutes: 5);
        var fundamentalsQuiz = Add(fundamentals, "Check your understanding", LessonKind.Quiz, minutes: 10);
        fundamentalsQuiz.PassMarkPercent = 75; fundamentalsQuiz.DrawCount = 4; fundamentalsQuiz.ShowAnswersAfterPass = true;
        Add(selling, "Discovery: the five questions", LessonKind.Text, """
            1. Where do your files live today, and who pays for that?
            2. What happened the last time a laptop was lost or encrypted?
            3. Which regulations decide where your data may be stored?
            4. How many people need the same files from several offices?
            5. When does your current storage contract renew?
            """);
        Add(selling, "Handling the three common objections", LessonKind.Text, """
            **"We already have OneDrive."** Kestrel Vault keeps drive letters and permissions, which line-of-business software needs.

            **"Cloud is too expensive."** Compare per used terabyte against the NAS, its backup and its replacement every five years.

            **"Our data must stay in the country."** Choose the region; data never leaves it.
            """);
        var sellingQuiz = Add(selling, "Sales assessment", LessonKind.Quiz, minutes: 15);
        sellingQuiz.PassMarkPercent = 80; sellingQuiz.MaxAttempts = 3; sellingQuiz.WaitMinutes = 60;
        Add(architecture, "Regions and tenancy", LessonKind.Text, "Each customer is a tenant in one region. Replication stays inside the region's two data centres.");
        Add(architecture, "Migration path", LessonKind.Text, "Kestrel Migrate copies shares while users keep working, then switches drive letters in one evening.");
        var architectureExam = Add(architecture, "Architect exam", LessonKind.Quiz, minutes: 20);
        architectureExam.PassMarkPercent = 70; architectureExam.MaxAttempts = 3; architectureExam.WaitMinutes = 1440;
        Add(marketing, "Brand rules", LessonKind.Text, "Use the partner logo kit; never change the Kestrel mark.");
        db.Lessons.AddRange(lessons);

        db.QuizQuestions.AddRange(
            Question(fundamentalsQuiz, 1, QuestionKind.SingleChoice, "How is Kestrel Vault billed?", ("Per terabyte used", true), ("Per user per month", false), ("Per server", false)),
            Question(fundamentalsQuiz, 2, QuestionKind.TrueFalse, "Customer data can leave the region the customer chose.", ("True", false), ("False", true)),
            Question(fundamentalsQuiz, 3, QuestionKind.MultipleChoice, "Which are built in?", ("Versioning", true), ("Ransomware recovery", true), ("Email hosting", false)),
            Question(fundamentalsQuiz, 4, QuestionKind.SingleChoice, "Which company size is Kestrel Vault made for?", ("50 to 5,000 people", true), ("Fewer than 10 people", false), ("Only above 10,000 people", false)),
            Question(fundamentalsQuiz, 5, QuestionKind.TrueFalse, "Customers keep their drive letters and permissions.", ("True", true), ("False", false)),
            Question(sellingQuiz, 1, QuestionKind.SingleChoice, "A prospect says \"we already have OneDrive\". What do you answer first?",
                ("Kestrel keeps drive letters and permissions that software needs", true), ("OneDrive is insecure", false), ("Offer a discount", false)),
            Question(sellingQuiz, 2, QuestionKind.MultipleChoice, "Which discovery questions reveal urgency?", ("When does your storage contract renew?", true),
                ("What happened the last time a laptop was lost?", true), ("What is your favourite colour?", false)),
            Question(sellingQuiz, 3, QuestionKind.TrueFalse, "You register the deal after sending the quote.", ("True", false), ("False", true)),
            Question(architectureExam, 1, QuestionKind.SingleChoice, "Where is a tenant's data replicated?", ("In the region's two data centres", true), ("In every region", false), ("Nowhere", false)),
            Question(architectureExam, 2, QuestionKind.TrueFalse, "Kestrel Migrate needs a weekend of downtime.", ("True", false), ("False", true)),
            Question(architectureExam, 3, QuestionKind.SingleChoice, "What switches at the end of a migration?", ("Drive letters", true), ("Domain names", false), ("Passwords", false)));

        var salesTrack = new LearningTrack { Title = "Sales professional", Description = "Fundamentals, then selling.", ForRole = UserRole.PartnerSales, CourseIds = [fundamentals.Id, selling.Id], CreatedAt = published };
        var technicalTrack = new LearningTrack { Title = "Technical specialist", Description = "Fundamentals, then architecture.", ForRole = UserRole.PartnerTechnical, CourseIds = [fundamentals.Id, architecture.Id], CreatedAt = published };
        db.LearningTracks.AddRange(salesTrack, technicalTrack);
        var salesCertification = new Certification { Name = "Kestrel Certified Sales Professional", Description = "Sells Kestrel Vault: discovery, objections and deal registration.", ValidityMonths = 24, TrackId = salesTrack.Id, CreatedAt = published };
        var architectCertification = new Certification { Name = "Kestrel Certified Architect", Description = "Designs and migrates Kestrel Vault tenants.", ValidityMonths = 12, TrackId = technicalTrack.Id, CreatedAt = published };
        db.Certifications.AddRange(salesCertification, architectCertification);
        await db.SaveChangesAsync(cancellationToken);

        // A few more people at the first active partners, so that certified people show at several partners.
        var partners = seed.Get<DemoPartners>();
        var others = partners.All.Skip(2).Where(p => p.Stage == PartnerStage.Active).Take(4).ToList();
        string[] names = ["Priya Raman", "Tom Becker", "Sofia Lind", "Kwame Mensah", "Elena Rossi", "Hugo Martin", "Yuki Sato", "Omar Haddad"];
        for (var i = 0; i < others.Count; i++)
        {
            var domain = partners.Companies.Single(c => c.Name == others[i].Name).Domain;
            foreach (var (name, role) in new[] { (names[2 * i], UserRole.PartnerSales), (names[2 * i + 1], UserRole.PartnerTechnical) })
            {
                await seed.CreateUserAsync($"{name.ToLowerInvariant().Replace(' ', '.')}@{domain}", name, role, others[i].Id, withPassword: false);
            }
        }

        var salesRule = new AssignmentRule { Name = "Sales people take the sales track", Roles = [UserRole.PartnerSales, UserRole.PartnerAdmin], TrackId = salesTrack.Id, DueDays = 30, CreatedAt = published };
        var technicalRule = new AssignmentRule { Name = "Engineers take the technical track", Roles = [UserRole.PartnerTechnical], TrackId = technicalTrack.Id, DueDays = 45, CreatedAt = published };
        db.AssignmentRules.AddRange(salesRule, technicalRule);
        await assignments.ApplyAsync(salesRule, cancellationToken);
        await assignments.ApplyAsync(technicalRule, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Progress: by learner, how far along they are. Enrollments were made "now"; move them back in time.
        var enrollments = await db.Enrollments.ToListAsync(cancellationToken);
        var users = await db.Users.Where(u => u.PartnerId != null).ToDictionaryAsync(u => u.Id, cancellationToken);
        var random = new Random(18);
        var index = 0;
        foreach (var byUser in enrollments.GroupBy(e => e.UserId).OrderBy(g => users[g.Key].Email))
        {
            var user = users[byUser.Key];
            var email = user.Email!;
            // Demo sign-ins keep a story: Daniel part-way (one course overdue), Mei and Amara certified, Olivia just started.
            var plan = email switch
            {
                "daniel.okafor@northwindsystems.com" => 1,
                "mei.tanaka@northwindsystems.com" or "amara.singh@bluefin-networks.de" => 2,
                "olivia.hart@northwindsystems.com" or "jonas.berg@bluefin-networks.de" => 0,
                _ when !user.HasAcceptedInvitation && user.Role == UserRole.PartnerAdmin => 0,
                _ => index++ % 3 == 0 ? 1 : 2,
            };
            var courses = byUser.OrderBy(e => e.CourseId == fundamentals.Id ? 0 : 1).ToList();
            for (var c = 0; c < courses.Count; c++)
            {
                var enrollment = courses[c];
                var enrolledAt = now.AddDays(-random.Next(60, 150));
                db.Entry(enrollment).Property(e => e.EnrolledAt).CurrentValue = enrolledAt;
                enrollment.DueAt = enrolledAt.AddDays(30);
                if (c >= plan)
                {
                    if (plan == 1 && c == 1) Progress(enrollment, lessons, enrolledAt.AddDays(3), complete: false, random);
                    continue;
                }
                Progress(enrollment, lessons, enrolledAt.AddDays(random.Next(2, 20)), complete: true, random);
            }
            if (plan == 2)
            {
                var certification = courses.Any(e => e.CourseId == architecture.Id) ? architectCertification : salesCertification;
                var completedAt = courses.Max(e => e.CompletedAt)!.Value;
                // Mei's certificate was issued long ago and expires in seven weeks: the reminders have something to say.
                var issued = email == "mei.tanaka@northwindsystems.com" ? now.AddDays(50).AddMonths(-certification.ValidityMonths) : completedAt;
                db.Certificates.Add(new Certificate
                {
                    CertificationId = certification.Id, UserId = user.Id, PartnerId = user.PartnerId!.Value, HolderName = user.FullName,
                    PartnerName = partners.All.Single(p => p.Id == user.PartnerId).Name, CertificationName = certification.Name,
                    IssuedAt = issued, ExpiresAt = issued.AddMonths(certification.ValidityMonths),
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Progress(Enrollment enrollment, IReadOnlyList<Lesson> lessons, DateTime at, bool complete, Random random)
    {
        var steps = lessons.Where(l => l.CourseId == enrollment.CourseId).OrderBy(l => l.Position).ToList();
        var done = complete ? steps.Count : 1;
        for (var i = 0; i < done; i++)
        {
            var lesson = steps[i];
            var seconds = lesson.EstimatedMinutes * 60 + random.Next(-120, 600);
            enrollment.Open(lesson.Id, at);
            enrollment.AddTime(seconds);
            db.LessonProgress.Add(new LessonProgress
            {
                EnrollmentId = enrollment.Id, UserId = enrollment.UserId, PartnerId = enrollment.PartnerId, CourseId = enrollment.CourseId, LessonId = lesson.Id,
                OpenedAt = at, CompletedAt = at.AddSeconds(seconds), SecondsSpent = seconds,
            });
            if (lesson.Kind == LessonKind.Quiz)
            {
                var score = random.Next(lesson.PassMarkPercent, 101);
                db.QuizAttempts.Add(new QuizAttempt
                {
                    LessonId = lesson.Id, CourseId = lesson.CourseId, UserId = enrollment.UserId, PartnerId = enrollment.PartnerId, StartedAt = at,
                    SubmittedAt = at.AddSeconds(seconds), ScorePercent = score, Passed = true,
                });
            }
        }
        if (complete)
        {
            var scores = db.ChangeTracker.Entries<QuizAttempt>().Select(e => e.Entity).Where(a => a.UserId == enrollment.UserId && a.CourseId == enrollment.CourseId).Select(a => a.ScorePercent ?? 0).ToList();
            enrollment.Complete(at.AddHours(1), scores.Count == 0 ? null : (int)scores.Average());
        }
    }

    private static Course Course(DateTime now, string title, string summary, int minutes, List<string> products, List<UserRole> roles, DateTime? publishedAt)
    {
        var course = new Course { Title = title, Summary = summary, EstimatedMinutes = minutes, Products = products, Roles = roles, CreatedAt = publishedAt ?? now.AddDays(-3) };
        if (publishedAt is { } at) course.Publish(at);
        return course;
    }

    private static QuizQuestion Question(Lesson quiz, int position, QuestionKind kind, string text, params (string Text, bool Correct)[] options) => new()
    {
        LessonId = quiz.Id, Position = position, Kind = kind, Text = text, Options = options.Select(o => new QuizOption { Text = o.Text, Correct = o.Correct }).ToList(),
    };
}
