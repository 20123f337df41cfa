using Allyward.Customers;
using Allyward.Deals;
using Allyward.Deals.Conflicts;

namespace Allyward.Bench;

/// <summary>A customer as partners write it: a brand, usually a trade and a legal form, a domain.</summary>
public sealed record Customer(string Name, string Domain, string Country);

/// <summary>
/// Generates the benchmark's registrations: three years of history over a pool of customers, popular customers
/// registered by many partners, most deals long closed and about one in twelve open or protected, as in a
/// program that has run for a while.
/// </summary>
public sealed class DealData(int customerCount, int seed)
{
    private static readonly string[] Syllables =
    [
        "nor", "val", "eth", "bri", "ton", "kas", "mer", "ian", "zen", "trix", "lum", "ora", "vex", "cor", "tal", "dyn", "qua", "sol", "ark", "ven",
        "pol", "ris", "hel", "ix", "sta", "gen", "ova", "lyn", "tek", "mar", "bel", "cas", "dor", "fin", "gal", "har", "ion", "jor", "kel", "lor",
    ];

    private static readonly string[] Trades =
    [
        "Systems", "Logistics", "Healthcare", "Analytics", "Networks", "Consulting", "Manufacturing", "Insurance", "Pharmaceuticals", "Software",
        "Engineering", "Energy", "Foods", "Capital", "Security", "Robotics", "Telecommunications", "Retail", "Laboratories", "Media", "Bank",
        "Hospital", "University", "Airlines", "Motors", "Chemicals", "Textiles", "Construction", "Shipping", "Pharmacy", "Hotels", "Foundation",
        "Semiconductors", "Biotech", "Aerospace", "Mining", "Utilities", "Publishing", "Apparel", "Furniture",
    ];

    private static readonly string[] Qualifiers = ["Global", "North", "United", "Advanced", "Digital", "First", "Pacific", "Atlantic", "National", "Central"];
    private static readonly string[] LegalForms = ["Inc.", "LLC", "Ltd", "GmbH", "S.A.", "B.V.", "Pty Ltd", "Corp.", "AB", "Oy", "S.r.l.", "Co.", "", "", ""];
    private static readonly string[] Countries = ["US", "US", "US", "GB", "DE", "FR", "NL", "SE", "AU", "CA", "JP", "BR", "IN", "ES", "IT"];
    private static readonly string[] FreeMail = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"];

    private readonly Customer[] _customers = MakeCustomers(customerCount, seed);

    public IReadOnlyList<Customer> Customers => _customers;

    private static Customer[] MakeCustomers(int count, int seed)
    {
        var random = new Random(seed);
        var customers = new Customer[count];
        var used = new HashSet<string>();
        for (var i = 0; i < count;)
        {
            var brand = Brand(random);
            var shape = random.Next(100);
            var name = shape switch
            {
                < 55 => $"{brand} {Trades[random.Next(Trades.Length)]}",
                < 75 => $"{Qualifiers[random.Next(Qualifiers.Length)]} {brand} {Trades[random.Next(Trades.Length)]}",
                < 90 => brand,
                _ => $"{brand} & {Brand(random)}",
            };
            if (!used.Add(CustomerIdentity.NormalizeName(name))) continue;
            var legal = LegalForms[random.Next(LegalForms.Length)];
            var domain = $"{new string(name.Where(char.IsLetter).ToArray()).ToLowerInvariant()}.{(random.Next(3) == 0 ? "co.uk" : "com")}";
            customers[i++] = new Customer(legal.Length == 0 ? name : $"{name} {legal}", domain, Countries[random.Next(Countries.Length)]);
        }
        return customers;
    }

    private static string Brand(Random random)
    {
        var parts = 2 + random.Next(2);
        var brand = string.Concat(Enumerable.Range(0, parts).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(brand[0]) + brand[1..];
    }

    /// <summary>Popular customers come up far more often, as large accounts do.</summary>
    public Customer PickCustomer(Random random) => _customers[(int)(_customers.Length * Math.Pow(random.NextDouble(), 1.5))];

    /// <summary>How a partner would type the customer: its own spelling of the legal form, sometimes a typo.</summary>
    public static string AsTyped(Customer customer, Random random)
    {
        var name = customer.Name;
        return random.Next(10) switch
        {
            0 => name.ToUpperInvariant(),
            1 => $"The {name}",
            2 when name.Length > 8 => name.Remove(3 + random.Next(name.Length - 6), 1),
            _ => name,
        };
    }

    /// <summary>A never-registered customer, for registrations and checks that find nothing.</summary>
    public static string NewCustomerName(Random random, int serial) =>
        $"{Brand(random)}{Syllables[serial % Syllables.Length]} {Trades[random.Next(Trades.Length)]} {serial}";

    public Deal NewHistoricDeal(Random random, Guid partnerId, Guid registrantId, DateTime now)
    {
        var customer = PickCustomer(random);
        var typed = AsTyped(customer, random);
        var channel = random.Next(10);
        var website = channel < 6 ? $"https://www.{customer.Domain}" : null;
        var email = channel switch
        {
            < 6 => null,
            < 9 => $"buyer{random.Next(1000)}@{customer.Domain}",
            _ => $"buyer{random.Next(1000)}@{FreeMail[random.Next(FreeMail.Length)]}",
        };
        var identity = CustomerIdentity.Of(typed, website, email);
        var submitted = now.AddMinutes(-random.Next(3 * 365 * 24 * 60));
        var age = (now - submitted).TotalDays;
        var roll = random.Next(100);
        var status = age switch
        {
            < 7 => roll < 70 ? DealStatus.Submitted : roll < 95 ? DealStatus.Approved : DealStatus.Rejected,
            < 90 => roll < 70 ? DealStatus.Approved : roll < 80 ? DealStatus.Rejected : roll < 90 ? DealStatus.Won : DealStatus.Lost,
            _ => roll < 50 ? DealStatus.Expired : roll < 75 ? DealStatus.Won : roll < 90 ? DealStatus.Lost : DealStatus.Rejected,
        };
        var decided = status == DealStatus.Submitted ? (DateTime?)null : submitted.AddHours(1 + random.Next(72));
        var deal = new Deal
        {
            PartnerId = partnerId,
            CustomerName = typed,
            CustomerWebsite = website,
            ContactName = "Alex Buyer",
            ContactEmail = email,
            CustomerCountry = customer.Country,
            CustomerDomain = identity.Domain,
            NameKey = identity.NameKey,
            Products = ["Platform", "Support"],
            AmountMinor = 100_00 * (1 + random.Next(5000)),
            Currency = "USD",
            ExpectedCloseDate = DateOnly.FromDateTime(submitted.AddDays(60)),
            SubmittedAt = submitted,
            RegisteredById = registrantId,
            RegisteredByName = "Bench Seller",
        };
        // Each deal takes the way a real one would to its state.
        if (decided is { } at)
        {
            if (status == DealStatus.Rejected) deal.Reject(at, "Casey Manager", "A direct account.");
            else deal.Approve(at, "Casey Manager", at.AddDays(90));
            if (status is DealStatus.Won or DealStatus.Lost) deal.Close(status, DateOnly.FromDateTime(at.AddDays(30)));
            if (status == DealStatus.Expired) deal.Expire(at.AddDays(91));
        }
        // In a running program the reminders of deals whose protection ends soon have gone out already.
        if (deal.ProtectedUntil is { } until && until - DealProtectionReminders.ReminderLead < now) deal.MarkExpiryReminded(until - DealProtectionReminders.ReminderLead);
        return deal;
    }
}
