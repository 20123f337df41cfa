using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Seeding;

/// <summary>
/// A believable partner program to explore: vendor staff in every vendor role, then each module's part
/// (<see cref="IDemoData"/>) in the host's module order. Deterministic, so the same names come back on every
/// fresh database.
/// </summary>
public sealed class DemoData(AllywardDbContext db, UserManager<AppUser> users, TimeProvider time, IEnumerable<IDemoData> modules)
{
    public const string Password = "Allyward-demo-2026";
    public const string VendorDomain = "kestrelcloud.example";

    private static readonly (string Login, string Name, UserRole Role, string? Phone)[] Staff =
    [
        ("admin", "Priya Raman", UserRole.ProgramAdmin, null),
        ("cam", "Marcus Webb", UserRole.ChannelAccountManager, "+1 415 555 0142"),
        ("cam2", "Sofia Lindqvist", UserRole.ChannelAccountManager, "+46 8 555 012 34"),
        ("marketing", "Hannah Cole", UserRole.Marketing, null),
        ("finance", "Rafael Duarte", UserRole.Finance, null),
        ("exec", "Elaine Park", UserRole.Executive, null),
    ];

    /// <summary>Everyone who can sign in with <see cref="Password"/>: vendor staff first, then the modules' people.</summary>
    public IEnumerable<DemoSignIn> SignIns =>
        Staff.Select(s => new DemoSignIn($"{s.Login}@{VendorDomain}", s.Role.DisplayName(), null)).Concat(modules.SelectMany(m => m.SignIns));

    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(cancellationToken)) return false;

        var seed = new DemoSeed(users, time.GetUtcNow().UtcDateTime);
        foreach (var (login, name, role, phone) in Staff)
        {
            var user = seed.Staff[login] = await seed.CreateUserAsync($"{login}@{VendorDomain}", name, role, null, withPassword: true);
            if (phone is not null && await users.SetPhoneNumberAsync(user, phone) is { Succeeded: false } failed)
            {
                throw new InvalidOperationException(string.Join(" ", failed.Errors.Select(e => e.Description)));
            }
        }
        db.BrandSettings.Add(new Branding.BrandSettings
        {
            VendorName = "Kestrel Cloud",
            PortalTitle = "Kestrel Cloud Partner Portal",
            MailFromName = "Kestrel Cloud Partner Team",
            Footer = "Kestrel Cloud Inc. · 500 Harbor Blvd, Seattle, WA 98104\nYou receive this as a member of the Kestrel Cloud partner program.",
            SignInText = "Kestrel Cloud partners and channel team: sign in with your work e-mail.",
            ApplicationIntro = "Tell us about your company. Kestrel Cloud's channel team reviews every application within five working days.",
        });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var module in modules)
        {
            await module.SeedAsync(seed, cancellationToken);
        }
        return true;
    }
}

/// <summary>A module's part of the demo data (registered with <c>AddDemoData</c>).</summary>
public interface IDemoData
{
    Task SeedAsync(DemoSeed seed, CancellationToken cancellationToken);

    /// <summary>Demo accounts the module creates with <see cref="DemoData.Password"/>, printed at start.</summary>
    IEnumerable<DemoSignIn> SignIns => [];
}

public sealed record DemoSignIn(string Email, string Role, string? Partner);

/// <summary>What one demo run shares between the modules' parts: the clock, a seeded random, the staff, and facts
/// one module publishes for the ones after it (its own types, such as the partners it created).</summary>
public sealed class DemoSeed(UserManager<AppUser> users, DateTime now)
{
    private readonly Dictionary<Type, object> _facts = [];

    public DateTime Now { get; } = now;
    public Random Random { get; } = new(2026);

    /// <summary>Vendor staff by login: admin, cam, cam2, marketing, finance, exec.</summary>
    public Dictionary<string, AppUser> Staff { get; } = [];

    public void Publish<T>(T fact) where T : class => _facts[typeof(T)] = fact;

    public T Get<T>() where T : class =>
        _facts.TryGetValue(typeof(T), out var fact) ? (T)fact : throw new InvalidOperationException($"No module published {typeof(T).Name} before this one.");

    public async Task<AppUser> CreateUserAsync(string email, string name, UserRole role, Guid? partnerId, bool withPassword)
    {
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = withPassword,
            FullName = name,
            Role = role,
            PartnerId = partnerId,
            CreatedAt = Now,
            InvitedAt = Now,
            LockoutEnabled = true,
        };
        var result = withPassword ? await users.CreateAsync(user, DemoData.Password) : await users.CreateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }
}
