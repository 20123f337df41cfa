using Allyward.Customers;
using Allyward.Partners.Contracts;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals;

/// <summary>A few deals in every state, for the CAM's queue and the partners' lists.</summary>
internal sealed class DealsDemoData(AllywardDbContext db) : IDemoData
{
    public async Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken)
    {
        await SeedDealsAsync(seed.Get<DemoPartners>().All, seed.Staff["cam"], seed.Now, cancellationToken);
    }

    /// <summary>
    /// A few deals in every state: two partners registering one customer (a conflict in the CAM's queue), approved
    /// deals, one whose protection ends soon, won and rejected ones, and one through a distributor.
    /// </summary>
    private async Task SeedDealsAsync(IReadOnlyList<PartnerSummary> partners, AppUser cam, DateTime now, CancellationToken cancellationToken)
    {
        var northwind = partners[0];
        var bluefin = partners[1];
        var distributor = partners.FirstOrDefault(p => p.Type == PartnerType.Distributor && p.Stage == PartnerStage.Active && p.Id != northwind.Id);
        var other = partners.Skip(2).First(p => p.Stage == PartnerStage.Active);
        var sellers = await db.Users.Where(u => u.PartnerId == northwind.Id || u.PartnerId == bluefin.Id || u.PartnerId == other.Id)
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var northwindSeller = sellers.Values.First(u => u.PartnerId == northwind.Id && u.Role == UserRole.PartnerSales);
        var bluefinSeller = sellers.Values.First(u => u.PartnerId == bluefin.Id && u.Role == UserRole.PartnerSales);
        var otherAdmin = sellers.Values.First(u => u.PartnerId == other.Id);

        (PartnerSummary Partner, AppUser By, string Customer, string? Website, string? Email, string Country, long Amount, string Currency, int DaysAgo, DealStatus Status, string? Reason, Guid? Through)[] deals =
        [
            (northwind, northwindSeller, "Contoso Pharmaceuticals", "https://www.contoso-pharma.example", null, "US", 180_000_00, "USD", 2, DealStatus.Submitted, null, null),
            (bluefin, bluefinSeller, "Contoso Pharma GmbH", null, "einkauf@contoso-pharma.example", "DE", 150_000_00, "EUR", 1, DealStatus.Submitted, null, null),
            (northwind, northwindSeller, "Fabrikam Logistics", "https://fabrikam-logistics.example", null, "US", 64_000_00, "USD", 20, DealStatus.Approved, null, null),
            (bluefin, bluefinSeller, "Tailspin Toys AG", "https://tailspin.example", null, "DE", 22_500_00, "EUR", 80, DealStatus.Approved, null, null),
            (northwind, northwindSeller, "Adventure Works Cycles", "https://adventure-works.example", null, "US", 96_000_00, "USD", 45, DealStatus.Won, null, null),
            (bluefin, bluefinSeller, "Wide World Importers", null, "it@wideworldimporters.example", "NL", 40_000_00, "EUR", 10, DealStatus.Rejected, "A direct account of the vendor.", null),
            (northwind, northwindSeller, "Litware Inc.", "https://litware.example", null, "CA", 75_000_00, "CAD", 3, DealStatus.Submitted, null, distributor?.Id),
            (other, otherAdmin, "Proseware Ltd", "https://proseware.example", null, "GB", 31_000_00, "GBP", 5, DealStatus.Submitted, null, null),
        ];
        foreach (var d in deals)
        {
            var identity = CustomerIdentity.Of(d.Customer, d.Website, d.Email);
            var submitted = now.AddDays(-d.DaysAgo);
            var decided = d.Status == DealStatus.Submitted ? (DateTime?)null : submitted.AddHours(5);
            var deal = new Deal
            {
                PartnerId = d.Partner.Id, DistributorId = d.Through, CustomerName = d.Customer, CustomerWebsite = d.Website, ContactEmail = d.Email,
                ContactName = "Sam Buyer", CustomerCountry = d.Country, CustomerDomain = identity.Domain, NameKey = identity.NameKey,
                Products = ["Kestrel Cloud Platform"], AmountMinor = d.Amount, Currency = d.Currency,
                ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(d.Status == DealStatus.Won ? -5 : 45)),
                SubmittedAt = submitted, RegisteredById = d.By.Id, RegisteredByName = d.By.FullName,
            };
            // Each deal takes the way a real one would to its state.
            if (decided is { } decidedAt)
            {
                if (d.Status == DealStatus.Rejected) deal.Reject(decidedAt, cam.FullName, d.Reason!);
                else deal.Approve(decidedAt, cam.FullName, decidedAt.AddDays(90));
                if (d.Status == DealStatus.Won) deal.Close(DealStatus.Won, DateOnly.FromDateTime(now.AddDays(-5)));
            }
            db.Deals.Add(deal);
            if (d.Status is DealStatus.Submitted or DealStatus.Approved) Conflicts.MatchKeys.File(deal);
            db.DealHistory.Add(new DealHistoryEntry { DealId = deal.Id, PartnerId = deal.PartnerId, At = submitted, ActorName = d.By.FullName, Action = "submitted" });
            if (decided is { } at)
            {
                var action = d.Status == DealStatus.Rejected ? "rejected" : "approved";
                db.DealHistory.Add(new DealHistoryEntry
                {
                    DealId = deal.Id, PartnerId = deal.PartnerId, At = at, ActorName = cam.FullName, Action = action,
                    Detail = action == "approved" ? $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}." : d.Reason,
                });
                if (d.Status == DealStatus.Won)
                {
                    db.DealHistory.Add(new DealHistoryEntry { DealId = deal.Id, PartnerId = deal.PartnerId, At = now.AddDays(-5), ActorName = d.By.FullName, Action = "won" });
                }
            }
        }
        SeedClosedBusiness(partners, cam, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly string[] PastCustomers =
    [
        "Alpine Ski House", "Blue Yonder Airlines", "City Power & Light", "Coho Winery", "Consolidated Messenger", "Fourth Coffee",
        "Graphic Design Institute", "Humongous Insurance", "Lucerne Publishing", "Margie's Travel", "Relecloud", "Southridge Video",
        "Trey Research", "Wingtip Toys", "Woodgrove Bank", "Bellows College", "Northridge Clinic", "Datum Corporation",
    ];

    /// <summary>
    /// A year of won business at the active partners, so revenue, win counts and tiers have something to measure:
    /// Northwind sells the most, the others a few deals each, in the currency of their country.
    /// </summary>
    private void SeedClosedBusiness(IReadOnlyList<PartnerSummary> partners, AppUser cam, DateTime now)
    {
        var random = new Random(20);
        var sellers = partners.Where(p => p.Stage == PartnerStage.Active).Take(12).ToList();
        for (var s = 0; s < sellers.Count; s++)
        {
            var partner = sellers[s];
            var currency = partner.Country switch { "DE" or "NL" or "FR" or "IT" or "ES" or "AT" or "BE" or "IE" => "EUR", "GB" => "GBP", "CA" => "CAD", _ => "USD" };
            var count = s == 0 ? 6 : random.Next(2, 7);
            for (var i = 0; i < count; i++)
            {
                // The first three partners' customers are their own; later ones share names, told apart by country.
                var customer = s < 3 ? PastCustomers[s * 6 + i] : $"{PastCustomers[(s * 6 + i) % PastCustomers.Length]} {partner.Country}";
                var identity = CustomerIdentity.Of(customer, null, null);
                var closed = now.AddDays(-random.Next(20, 330));
                var submitted = closed.AddDays(-random.Next(30, 80));
                var deal = new Deal
                {
                    PartnerId = partner.Id, CustomerName = customer, CustomerCountry = partner.Country, CustomerDomain = identity.Domain, NameKey = identity.NameKey,
                    ContactName = "Sam Buyer", Products = ["Kestrel Vault"], AmountMinor = random.Next(8, 90) * 1_000_00L, Currency = currency,
                    ExpectedCloseDate = DateOnly.FromDateTime(closed), SubmittedAt = submitted, RegisteredById = cam.Id, RegisteredByName = cam.FullName,
                };
                deal.Approve(submitted.AddHours(6), cam.FullName, submitted.AddDays(90));
                deal.Close(DealStatus.Won, DateOnly.FromDateTime(closed));
                db.Deals.Add(deal);
                db.DealHistory.Add(new DealHistoryEntry { DealId = deal.Id, PartnerId = partner.Id, At = submitted, ActorName = cam.FullName, Action = "submitted" });
                db.DealHistory.Add(new DealHistoryEntry { DealId = deal.Id, PartnerId = partner.Id, At = submitted.AddHours(6), ActorName = cam.FullName, Action = "approved" });
                db.DealHistory.Add(new DealHistoryEntry { DealId = deal.Id, PartnerId = partner.Id, At = closed, ActorName = cam.FullName, Action = "won" });
            }
        }
    }
}
