using Allyward.Deals;
using NpgsqlTypes;

namespace Allyward.Bench;

/// <summary>
/// Generates the tier benchmark's records, deterministically from a seed: deals over the partners with a skew (a few
/// partners sell a lot, most a little), 4 in 10 won over the last 24 months with their close day set, the rest
/// submitted, approved, rejected, lost or expired; most in USD, about 15 % in EUR or GBP; customers from a shared pool
/// so that partners win some customers again. Certificates of people at the partners, with the same skew, valid now.
/// </summary>
public sealed class TierBenchData(IReadOnlyList<Guid> partnerIds, IReadOnlyList<string> partnerNames, Guid registrantId, DateTime now)
{
    public const int Customers = 150_000;
    public const int PeoplePerPartner = 12;

    public static readonly Column[] DealColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("PartnerId", NpgsqlDbType.Uuid), new("CustomerName", NpgsqlDbType.Varchar), new("CustomerCountry", NpgsqlDbType.Varchar),
        new("CustomerDomain", NpgsqlDbType.Varchar), new("NameKey", NpgsqlDbType.Varchar), new("Products", NpgsqlDbType.Array | NpgsqlDbType.Text),
        new("AmountMinor", NpgsqlDbType.Bigint), new("Currency", NpgsqlDbType.Varchar), new("ExpectedCloseDate", NpgsqlDbType.Date),
        new("CustomFields", NpgsqlDbType.Text), new("Status", NpgsqlDbType.Varchar), new("SubmittedAt", NpgsqlDbType.TimestampTz),
        new("RegisteredById", NpgsqlDbType.Uuid), new("RegisteredByName", NpgsqlDbType.Varchar), new("DecidedAt", NpgsqlDbType.TimestampTz),
        new("DecidedByName", NpgsqlDbType.Varchar), new("ClosedOn", NpgsqlDbType.Date), new("Version", NpgsqlDbType.Integer),
    ];

    /// <summary>A partner index with a skew: small indexes (the big sellers) come up far more often.</summary>
    private int SkewedPartner(Random random) => (int)(partnerIds.Count * Math.Pow(random.NextDouble(), 2.5));

    /// <summary>The deals; <paramref name="sqlite"/> writes the products as EF Core's JSON text rather than a PostgreSQL array.</summary>
    public IEnumerable<object?[]> DealRows(int count, bool sqlite)
    {
        var random = new Random(25);
        var today = DateOnly.FromDateTime(now);
        string[] products = ["Platform", "Support"];
        object productsValue = sqlite ? System.Text.Json.JsonSerializer.Serialize(products) : products;
        for (var i = 0; i < count; i++)
        {
            var partner = partnerIds[SkewedPartner(random)];
            var customer = random.Next(Customers);
            var roll = random.Next(100);
            var status = roll < 40 ? DealStatus.Won : roll < 55 ? DealStatus.Lost : roll < 65 ? DealStatus.Rejected : roll < 75 ? DealStatus.Expired
                : roll < 90 ? DealStatus.Approved : DealStatus.Submitted;
            var currencyRoll = random.Next(100);
            var currency = currencyRoll < 85 ? "USD" : currencyRoll < 93 ? "EUR" : "GBP";
            DateOnly? closedOn = status == DealStatus.Won ? today.AddDays(-random.Next(730)) : status == DealStatus.Lost ? today.AddDays(-random.Next(730)) : null;
            var submitted = closedOn is { } c ? c.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-30 - random.Next(90)) : now.AddDays(-random.Next(900)).AddMinutes(-random.Next(1440));
            DateTime? decided = status == DealStatus.Submitted ? null : submitted.AddDays(1 + random.Next(5));
            yield return
            [
                Guid.CreateVersion7(), partner, $"Customer {customer:000000} Inc.", "US", $"customer{customer:000000}.example", $"customer {customer:000000}", productsValue,
                100_00L * (10 + random.Next(490)), currency, closedOn ?? DateOnly.FromDateTime(submitted.AddDays(60)), "{}", status.ToString(), submitted,
                registrantId, "Bench Seller", decided, decided is null ? null : "Casey Manager", closedOn, 0,
            ];
        }
    }

    public static readonly Column[] CertificateColumns =
    [
        new("Id", NpgsqlDbType.Uuid), new("CertificationId", NpgsqlDbType.Uuid), new("UserId", NpgsqlDbType.Uuid), new("PartnerId", NpgsqlDbType.Uuid),
        new("HolderName", NpgsqlDbType.Varchar), new("PartnerName", NpgsqlDbType.Varchar), new("CertificationName", NpgsqlDbType.Varchar),
        new("PublicCode", NpgsqlDbType.Varchar), new("IssuedAt", NpgsqlDbType.TimestampTz), new("ExpiresAt", NpgsqlDbType.TimestampTz),
        new("Version", NpgsqlDbType.Integer),
    ];

    /// <summary>Valid certificates (issued in the last 20 months, valid for 24) of up to 12 people per partner, over the certifications given.</summary>
    public IEnumerable<object?[]> CertificateRows(int count, IReadOnlyList<(Guid Id, string Name)> certifications)
    {
        var random = new Random(50);
        for (var i = 0; i < count; i++)
        {
            var p = SkewedPartner(random);
            var person = random.Next(PeoplePerPartner);
            var certification = certifications[random.Next(certifications.Count)];
            var issued = now.AddMinutes(-random.Next(20 * 30 * 24 * 60));
            // The same person at the same partner has the same id, so people with two certificates count once.
            var userId = new Guid(p * PeoplePerPartner + person, 0x7ab, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0);
            yield return
            [
                Guid.CreateVersion7(), certification.Id, userId, partnerIds[p], $"Person {p:00000}-{person:00}", partnerNames[p], certification.Name,
                Allyward.Learning.Certificate.NewCode(), issued, issued.AddMonths(24), 0,
            ];
        }
    }
}
