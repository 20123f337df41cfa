using Allyward.Platform.Identity;
using NpgsqlTypes;

namespace Allyward.Bench;

/// <summary>A partner user who learns; the first of each partner's people is its partner admin.</summary>
public sealed record BenchLearner(Guid Id, Guid PartnerId, string Name, string Email, UserRole Role);

/// <summary>A course as the generator needs it: its id and its lessons in order, the last of them the quiz.</summary>
public sealed record BenchCourse(Guid Id, IReadOnlyList<Guid> LessonIds, Guid? CertificationId, string CertificationName);

/// <summary>
/// Generates the learning benchmark's records, deterministically from a seed: partner users spread evenly over the
/// partners, each enrolled in 10 of the courses over the past year (3 in 10 completed, 4 in 10 part-way, the rest not
/// started; most with a due date 30 days out, so many of the unfinished ones are overdue), a progress record per lesson
/// opened (about 4 per enrollment: 40 per learner), a passed quiz attempt for each completion (a failed one before it one
/// time in four), and a certificate for each completion of a course that certifies (some expired, some revoked). The
/// overdue and expiry reminders due by now are marked sent, as in a program that has been running.
/// </summary>
public sealed class LearningBenchData(IReadOnlyList<Guid> partnerIds, IReadOnlyList<string> partnerNames, int learnerCount, IReadOnlyList<BenchCourse> courses, DateTime now)
{
    public const int EnrollmentsPerLearner = 10;

    public int LearnersPerPartner => Math.Max(1, learnerCount / partnerIds.Count);

    public IReadOnlyList<BenchLearner> Learners { get; } = MakeLearners(partnerIds, learnerCount);

    private static List<BenchLearner> MakeLearners(IReadOnlyList<Guid> partnerIds, int count)
    {
        var perPartner = Math.Max(1, count / partnerIds.Count);
        UserRole[] roles = [UserRole.PartnerSales, UserRole.PartnerSales, UserRole.PartnerTechnical, UserRole.PartnerMarketing, UserRole.PartnerExecutive];
        return Enumerable.Range(0, count).Select(i => new BenchLearner(Guid.CreateVersion7(), partnerIds[i / perPartner % partnerIds.Count], $"Learner {i:000000}",
            $"learner{i}@bench.example", i % perPartner == 0 ? UserRole.PartnerAdmin : roles[i % roles.Length])).ToList();
    }

    /// <summary>The partner admin of the <paramref name="n"/>th partner.</summary>
    public BenchLearner AdminOf(int n) => Learners[n * LearnersPerPartner];

    public static readonly Column[] UserColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("FullName", NpgsqlDbType.Varchar), new("Role", NpgsqlDbType.Varchar), new("PartnerId", NpgsqlDbType.Uuid),
        new("IsActive", NpgsqlDbType.Boolean), new("CreatedAt", NpgsqlDbType.TimestampTz), new("UserName", NpgsqlDbType.Varchar),
        new("NormalizedUserName", NpgsqlDbType.Varchar), new("Email", NpgsqlDbType.Varchar), new("NormalizedEmail", NpgsqlDbType.Varchar),
        new("EmailConfirmed", NpgsqlDbType.Boolean), new("SecurityStamp", NpgsqlDbType.Text), new("ConcurrencyStamp", NpgsqlDbType.Text),
        new("PhoneNumberConfirmed", NpgsqlDbType.Boolean), new("TwoFactorEnabled", NpgsqlDbType.Boolean), new("LockoutEnabled", NpgsqlDbType.Boolean),
        new("AccessFailedCount", NpgsqlDbType.Integer),
    ];

    public IEnumerable<object?[]> UserRows() => Learners.Select(l => new object?[]
    {
        l.Id, l.Name, l.Role.ToString(), l.PartnerId, true, now.AddDays(-400), l.Email, l.Email.ToUpperInvariant(), l.Email, l.Email.ToUpperInvariant(),
        true, Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString(), false, false, true, 0,
    });

    public static readonly Column[] EnrollmentColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("UserId", NpgsqlDbType.Uuid), new("PartnerId", NpgsqlDbType.Uuid), new("CourseId", NpgsqlDbType.Uuid),
        new("Source", NpgsqlDbType.Varchar), new("EnrolledAt", NpgsqlDbType.TimestampTz), new("DueAt", NpgsqlDbType.TimestampTz),
        new("StartedAt", NpgsqlDbType.TimestampTz), new("CompletedAt", NpgsqlDbType.TimestampTz), new("LastLessonId", NpgsqlDbType.Uuid),
        new("SecondsSpent", NpgsqlDbType.Integer), new("ScorePercent", NpgsqlDbType.Integer), new("LastRemindedAt", NpgsqlDbType.TimestampTz),
        new("Version", NpgsqlDbType.Integer),
    ];

    public static readonly Column[] ProgressColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("EnrollmentId", NpgsqlDbType.Uuid), new("UserId", NpgsqlDbType.Uuid), new("PartnerId", NpgsqlDbType.Uuid),
        new("CourseId", NpgsqlDbType.Uuid), new("LessonId", NpgsqlDbType.Uuid), new("OpenedAt", NpgsqlDbType.TimestampTz),
        new("CompletedAt", NpgsqlDbType.TimestampTz), new("SecondsSpent", NpgsqlDbType.Integer),
    ];

    public static readonly Column[] AttemptColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("LessonId", NpgsqlDbType.Uuid), new("CourseId", NpgsqlDbType.Uuid), new("UserId", NpgsqlDbType.Uuid),
        new("PartnerId", NpgsqlDbType.Uuid), new("StartedAt", NpgsqlDbType.TimestampTz), new("SubmittedAt", NpgsqlDbType.TimestampTz),
        new("Paper", NpgsqlDbType.Text), new("Answers", NpgsqlDbType.Text), new("ScorePercent", NpgsqlDbType.Integer), new("Passed", NpgsqlDbType.Boolean),
    ];

    public static readonly Column[] CertificateColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("CertificationId", NpgsqlDbType.Uuid), new("UserId", NpgsqlDbType.Uuid), new("PartnerId", NpgsqlDbType.Uuid),
        new("HolderName", NpgsqlDbType.Varchar), new("PartnerName", NpgsqlDbType.Varchar), new("CertificationName", NpgsqlDbType.Varchar),
        new("PublicCode", NpgsqlDbType.Varchar), new("IssuedAt", NpgsqlDbType.TimestampTz), new("ExpiresAt", NpgsqlDbType.TimestampTz),
        new("RevokedAt", NpgsqlDbType.TimestampTz), new("RevokedReason", NpgsqlDbType.Varchar), new("RevokedByName", NpgsqlDbType.Varchar),
        new("RemindedDaysBefore", NpgsqlDbType.Integer), new("ExpiredAt", NpgsqlDbType.TimestampTz), new("Version", NpgsqlDbType.Integer),
    ];

    /// <summary>One enrollment with everything generated from it; each table's rows come from the same enrollments.</summary>
    private sealed record Generated(object?[] Enrollment, List<object?[]> Progress, List<object?[]> Attempts, object?[]? Certificate);

    private readonly Dictionary<Guid, string> _partnerNames = partnerIds.Zip(partnerNames).ToDictionary(p => p.First, p => p.Second);

    /// <summary>The enrollments in the order generated; the same seed gives the same records on every call.</summary>
    private IEnumerable<Generated> Generate()
    {
        var random = new Random(18);
        var order = Enumerable.Range(0, courses.Count).ToArray();
        foreach (var learner in Learners)
        {
            random.Shuffle(order);
            foreach (var c in order.Take(Math.Min(EnrollmentsPerLearner, courses.Count)))
            {
                var course = courses[c];
                var enrolledAt = now.AddMinutes(-random.Next(365 * 24 * 60));
                DateTime? dueAt = random.Next(10) < 8 ? enrolledAt.AddDays(30) : null;
                var roll = random.Next(100);
                var opened = roll < 30 ? course.LessonIds.Count : roll < 70 ? 1 + random.Next(course.LessonIds.Count - 1) : 0;
                var completed = opened == course.LessonIds.Count;
                DateTime? startedAt = opened > 0 ? enrolledAt.AddMinutes(random.Next(5 * 24 * 60)) : null;
                var enrollmentId = Guid.CreateVersion7();
                var progress = new List<object?[]>(opened);
                var at = startedAt ?? enrolledAt;
                var seconds = 0;
                for (var l = 0; l < opened; l++)
                {
                    var spent = 120 + random.Next(1200);
                    var done = completed || l < opened - 1;
                    progress.Add([Guid.CreateVersion7(), enrollmentId, learner.Id, learner.PartnerId, course.Id, course.LessonIds[l], at, done ? at.AddSeconds(spent) : null, spent]);
                    seconds += spent;
                    at = at.AddMinutes(30 + random.Next(3 * 24 * 60));
                }
                if (at > now) at = now.AddMinutes(-random.Next(60));
                DateTime? completedAt = completed ? at : null;
                var attempts = new List<object?[]>();
                int? score = null;
                if (completed)
                {
                    var quiz = course.LessonIds[^1];
                    if (random.Next(4) == 0)
                    {
                        var failedAt = at.AddDays(-1);
                        attempts.Add([Guid.CreateVersion7(), quiz, course.Id, learner.Id, learner.PartnerId, failedAt, failedAt.AddMinutes(12), "[]", "[]", 30 + random.Next(40), false]);
                    }
                    score = 70 + random.Next(31);
                    attempts.Add([Guid.CreateVersion7(), quiz, course.Id, learner.Id, learner.PartnerId, at.AddMinutes(-15), at, "[]", "[]", score, true]);
                }
                object?[]? certificate = null;
                if (completed && course.CertificationId is { } certificationId)
                {
                    var issued = at;
                    // Valid for 24 months, but one in five was issued on an earlier edition that has since expired.
                    var expires = random.Next(5) == 0 ? now.AddDays(-random.Next(1, 300)) : issued.AddMonths(24);
                    var revoked = random.Next(30) == 0;
                    // In a running program the expiry reminders due by now have gone out (60, 30 and 7 days before).
                    int? reminded = !revoked && expires > now && expires <= now.AddDays(60) ? new[] { 7, 30, 60 }.First(d => expires <= now.AddDays(d)) : null;
                    certificate =
                    [
                        Guid.CreateVersion7(), certificationId, learner.Id, learner.PartnerId, learner.Name, _partnerNames[learner.PartnerId], course.CertificationName,
                        Allyward.Learning.Certificate.NewCode(), issued, expires, revoked ? issued.AddDays(10) : null, revoked ? "Shared the exam answers." : null,
                        revoked ? "Bench Admin" : null, reminded, expires <= now && !revoked ? expires : null, 0,
                    ];
                }
                object?[] enrollment =
                [
                    enrollmentId, learner.Id, learner.PartnerId, course.Id, random.Next(3) == 0 ? "Self" : "Rule", enrolledAt, dueAt, startedAt, completedAt,
                    opened > 0 ? course.LessonIds[opened - 1] : null, seconds, score,
                    // In a running program this week's overdue reminders have gone out, so the reminder job is idle while measured.
                    !completed && dueAt < now ? now.AddMinutes(-random.Next(5 * 24 * 60)) : null, 0,
                ];
                yield return new Generated(enrollment, progress, attempts, certificate);
            }
        }
    }

    // Generated once and kept: the four tables are loaded one after another from the same records.
    private List<Generated>? _generated;

    private List<Generated> All => _generated ??= Generate().ToList();

    public IEnumerable<object?[]> EnrollmentRows() => All.Select(g => g.Enrollment);

    public IEnumerable<object?[]> ProgressRows() => All.SelectMany(g => g.Progress);

    public IEnumerable<object?[]> AttemptRows() => All.SelectMany(g => g.Attempts);

    public IEnumerable<object?[]> CertificateRows() => All.Where(g => g.Certificate is not null).Select(g => g.Certificate!);
}
