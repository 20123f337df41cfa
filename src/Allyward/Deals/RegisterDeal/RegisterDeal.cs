using Allyward.Platform.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Allyward.Customers;
using Allyward.Partners.Contracts;
using System.ComponentModel.DataAnnotations;
using Allyward.Deals.Conflicts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Deals.RegisterDeal;

public sealed record CustomerRequest
{
    [Required(ErrorMessage = "Enter the customer's company name."), StringLength(200, ErrorMessage = "The company name is at most 200 characters.")]
    public string? CompanyName { get; init; }

    [StringLength(300, ErrorMessage = "The website is at most 300 characters.")]
    public string? Website { get; init; }

    [StringLength(200, ErrorMessage = "The contact name is at most 200 characters.")]
    public string? ContactName { get; init; }

    [EmailAddressRule, StringLength(256, ErrorMessage = "The e-mail address is at most 256 characters.")]
    public string? ContactEmail { get; init; }

    [Required(ErrorMessage = "Enter the customer's country.")]
    public string? Country { get; init; }
}

/// <summary>What the conflict rules compare of a customer; anything else sent with it is ignored.</summary>
public sealed record CustomerQuery
{
    [Required(ErrorMessage = "Enter the customer's company name."), StringLength(200, ErrorMessage = "The company name is at most 200 characters.")]
    public string? CompanyName { get; init; }

    [StringLength(300, ErrorMessage = "The website is at most 300 characters.")]
    public string? Website { get; init; }

    [EmailAddressRule, StringLength(256, ErrorMessage = "The e-mail address is at most 256 characters.")]
    public string? ContactEmail { get; init; }
}

public sealed record RegisterDealRequest
{
    [Required(ErrorMessage = "Describe the customer.")]
    public CustomerRequest? Customer { get; init; }

    public List<string>? Products { get; init; }

    [Required(ErrorMessage = "Give the estimated amount in minor units (cents).")]
    public long? Amount { get; init; }

    [Required(ErrorMessage = "Give the ISO 4217 currency, such as EUR or USD.")]
    public string? Currency { get; init; }

    [Required(ErrorMessage = "Give the expected close date.")]
    public DateOnly? ExpectedCloseDate { get; init; }

    [StringLength(4000, ErrorMessage = "The notes are at most 4000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Notes { get; init; }

    /// <summary>Answers to the program's custom fields, by key (see <c>GET /api/v1/deal-fields</c>).</summary>
    public Dictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }

    /// <summary>Vendor staff registering on a partner's behalf name the partner; partner users never do.</summary>
    public Guid? PartnerId { get; init; }

    /// <summary>An active distributor the deal goes through (see <c>GET /api/v1/deals/distributors</c>), if any.</summary>
    public Guid? DistributorId { get; init; }
}

public sealed record DealDto(Guid Id, Guid PartnerId, Guid? DistributorId, string CustomerName, string? CustomerWebsite, string? ContactName, string? ContactEmail,
    string CustomerCountry, IReadOnlyList<string> Products, long Amount, string Currency, DateOnly ExpectedCloseDate, string? Notes,
    IReadOnlyDictionary<string, string> CustomFields, DealStatus Status, DateTime SubmittedAt, string RegisteredByName, DateTime? DecidedAt,
    string? DecisionReason, DateTime? ProtectedUntil, IReadOnlyList<ConflictMatch> Conflicts)
{
    public static DealDto From(Deal d, IReadOnlyList<ConflictMatch> conflicts) => new(d.Id, d.PartnerId, d.DistributorId, d.CustomerName, d.CustomerWebsite,
        d.ContactName, d.ContactEmail, d.CustomerCountry, d.Products, d.AmountMinor, d.Currency, d.ExpectedCloseDate, d.Notes, d.CustomFields, d.Status,
        d.SubmittedAt, d.RegisteredByName, d.DecidedAt, d.DecisionReason, d.ProtectedUntil, conflicts);
}

public sealed record ConflictCheckResult(IReadOnlyList<ConflictMatch> Matches);

/// <summary>Registers deals and checks customers for conflicting registrations.</summary>
public sealed class RegisterDealHandler(
    AllywardDbContext db, ConflictFinder conflicts, CurrentUser currentUser, TimeProvider time, DealSettingsHandler settings,
    Platform.Webhooks.WebhookPublisher webhooks, DealNotifications notifications, CustomFields.CustomFieldsHandler customFields,
    ConfigurationCache cache, RegistrationLimits limits)
{
    /// <summary>Looks for registrations of the customer; it needs only what the rules compare (name, website, contact e-mail).</summary>
    public async Task<Outcome<ConflictCheckResult>> CheckAsync(CustomerQuery? customer, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (customer is null) errors.Add("customer", "Describe the customer.");
        else
        {
            foreach (var (field, messages) in ValidationErrors.Of(customer).ToDictionary())
            {
                foreach (var message in messages) errors.Add($"customer.{field}", message);
            }
            if (customer.CompanyName is not null && string.IsNullOrWhiteSpace(customer.CompanyName)) errors.Add("customer.companyName", "Enter the customer's company name.");
            if (!string.IsNullOrWhiteSpace(customer.Website) && WebAddress.Normalize(customer.Website) is null) errors.Add("customer.website", WebAddress.Refusal);
        }
        if (errors.Any) return Outcome<ConflictCheckResult>.Invalid(errors);
        var identity = CustomerIdentity.Of(customer!.CompanyName!, customer.Website, customer.ContactEmail);
        var found = await conflicts.FindAsync(identity, null, cancellationToken);
        return new ConflictCheckResult(found.Select(Visible).ToList());
    }

    public async Task<Outcome<DealDto>> RegisterAsync(RegisterDealRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        ValidateCustomer(request.Customer, errors, "customer");
        var knownCurrency = MoneyRules.IsKnownCurrency(request.Currency);
        if (request.Currency is { } unknown && !knownCurrency) errors.Add("currency", $"'{unknown}' is not an ISO 4217 currency.");
        if (request.Amount is < 0) errors.Add("amount", "The amount cannot be negative.");
        else if (request.Amount is { } amount && knownCurrency && MoneyRules.Problem(amount, request.Currency!) is { } tooLarge) errors.Add("amount", tooLarge);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (request.ExpectedCloseDate < today) errors.Add("expectedCloseDate", "The expected close date is in the past.");
        if (request.Products is { } products && (products.Count > 20 || products.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 100)))
        {
            errors.Add("products", "List at most 20 products of 1 to 100 characters.");
        }

        var answers = CustomFields.CustomFieldsHandler.Validate(await customFields.ActiveAsync(cancellationToken), request.CustomFields, errors);

        var partnerId = currentUser.PartnerId ?? request.PartnerId;
        if (currentUser.PartnerId is not null && request.PartnerId is { } other && other != currentUser.PartnerId)
        {
            return Outcome<DealDto>.NotFound("No such partner.");
        }
        if (partnerId is null) errors.Add("partnerId", "Say which partner the deal is registered for.");
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        // Partners and users are cached like configuration: a save of either empties the cache on every node.
        var partner = await cache.FindAsync($"deal-registrant|{partnerId}", ct => PartnerDirectory.FindWithAccountManagerAsync(db, partnerId!.Value, ct), cancellationToken);
        if (partner is null || (currentUser.PartnerId is { } own && partner.Id != own)) return Outcome<DealDto>.NotFound("No such partner.");
        if (partner.Stage is not (PartnerStage.Active or PartnerStage.Onboarding))
        {
            return Outcome<DealDto>.Conflict($"A partner in stage {Labels.Of(partner.Stage)} cannot register deals.");
        }
        await Distributors.CheckAsync(db, request.DistributorId, partner.Id, errors, cancellationToken);
        if (errors.Any) return Outcome<DealDto>.Invalid(errors);
        if (limits.TryTake(currentUser.Id!.Value, partner.Id) is { } wait)
        {
            return Outcome<DealDto>.TooMany($"Too many registrations in the last minute. Try again in {Math.Ceiling(wait.TotalSeconds):0} s.", wait);
        }

        var customer = request.Customer!;
        var identity = CustomerIdentity.Of(customer.CompanyName!, customer.Website, customer.ContactEmail);
        var rules = await settings.CurrentAsync(cancellationToken);
        // Only automatic approval needs registrations of one customer decided one at a time, under a lock on the
        // customer held from the conflict search to the commit; otherwise a reviewer decides, and the one save is atomic.
        await using var decision = rules.AutoApproveWithoutConflict ? await RegistrationLock.BeginAsync(db, conflicts, identity, cancellationToken) : null;
        var conflicting = decision?.Conflicts ?? await conflicts.FindAsync(identity, null, cancellationToken);
        // Server time is read once the decision is ours, so the order of approval is the order of registration.
        var now = time.GetUtcNow().UtcDateTime;
        var deal = new Deal
        {
            PartnerId = partner.Id,
            DistributorId = request.DistributorId,
            CustomerName = customer.CompanyName!.Trim(),
            CustomerWebsite = WebAddress.Normalize(customer.Website),
            ContactName = customer.ContactName?.Trim(),
            ContactEmail = customer.ContactEmail?.Trim(),
            CustomerCountry = customer.Country!.Trim().ToUpperInvariant(),
            CustomerDomain = identity.Domain,
            NameKey = identity.NameKey,
            Products = (request.Products ?? []).Select(p => p.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            AmountMinor = request.Amount!.Value,
            Currency = request.Currency!.Trim().ToUpperInvariant(),
            ExpectedCloseDate = request.ExpectedCloseDate!.Value,
            Notes = request.Notes?.Trim(),
            CustomFields = answers,
            SubmittedAt = now,
            RegisteredById = currentUser.Id!.Value,
            RegisteredByName = currentUser.Name,
        };
        var autoApprove = rules.AutoApproveWithoutConflict && conflicting.Count == 0;
        if (autoApprove)
        {
            deal.Approve(now, "Automatic approval", now.AddDays(await settings.ProtectionDaysAsync(partner.Id, partner.Type, cancellationToken)), "No conflicting registration.");
        }
        db.Deals.Add(deal);
        MatchKeys.File(deal);
        db.DealHistory.Add(new DealHistoryEntry
        {
            DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = currentUser.Name, Action = "submitted",
            Detail = conflicting.Count == 0 ? "No conflicting registration." : $"{conflicting.Count} possible conflict(s).",
        });
        if (autoApprove)
        {
            db.DealHistory.Add(new DealHistoryEntry
            {
                DealId = deal.Id, PartnerId = deal.PartnerId, At = now, ActorName = "Automatic approval", Action = "approved",
                Detail = $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}.",
            });
        }
        if (partner.OwnerId is { } owner)
        {
            notifications.TellAccountManager(owner, partner.OwnerEmail, deal.Id, $"New deal from {partner.Name}: {deal.CustomerName}",
                conflicting.Count == 0 ? (autoApprove ? "Approved automatically: no conflicting registration." : null) : $"{conflicting.Count} possible conflict(s) to review.");
        }
        if (deal.DistributorId is { } distributor) await notifications.TellDistributorAsync(distributor, deal, partner.Name, cancellationToken);
        if (autoApprove && deal.RegisteredById != currentUser.Id)
        {
            await notifications.TellAsync(deal.RegisteredById, deal.Id, $"Deal approved: {deal.CustomerName}", $"Protected until {deal.ProtectedUntil:yyyy-MM-dd}.", cancellationToken);
        }
        await webhooks.PublishAsync(DealWebhookEvents.Submitted, DealEvent.Of(deal), cancellationToken);
        if (autoApprove) await webhooks.PublishAsync(DealWebhookEvents.Approved, DealEvent.Of(deal), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (decision is not null) await decision.CommitAsync(cancellationToken);
        return DealDto.From(deal, conflicting.Select(Visible).ToList());
    }

    /// <summary>Vendor staff see which deal conflicts; a partner sees its own deals, and of others only that and why.</summary>
    private ConflictMatch Visible((ConflictCandidate Deal, IReadOnlyList<MatchReason> Reasons) match)
    {
        var score = CustomerMatcher.Score(match.Reasons);
        if (currentUser.PartnerId is null || currentUser.PartnerId == match.Deal.PartnerId)
        {
            return new ConflictMatch(match.Deal.Id, match.Reasons, score);
        }
        return new ConflictMatch(null, match.Reasons.Select(r => r with { Explanation = Generic(r.Rule) }).ToList(), score);
    }

    private static string Generic(MatchRule rule) => rule switch
    {
        MatchRule.SameDomain => "Another registration uses the same company domain.",
        MatchRule.SameName => "Another registration has the same company name.",
        _ => "Another registration has a nearly identical company name.",
    };

    private static void ValidateCustomer(CustomerRequest? customer, ValidationErrors errors, string prefix)
    {
        if (customer is null)
        {
            errors.Add(prefix, "Describe the customer.");
            return;
        }
        foreach (var (field, messages) in ValidationErrors.Of(customer).ToDictionary())
        {
            foreach (var message in messages) errors.Add($"{prefix}.{field}", message);
        }
        if (customer.CompanyName is not null && string.IsNullOrWhiteSpace(customer.CompanyName)) errors.Add($"{prefix}.companyName", "Enter the customer's company name.");
        if (customer.Country is { } country && !Countries.IsCountryCode(country.Trim())) errors.Add($"{prefix}.country", "Use a two-letter ISO 3166 country code.");
        if (!string.IsNullOrWhiteSpace(customer.Website) && WebAddress.Normalize(customer.Website) is null) errors.Add($"{prefix}.website", WebAddress.Refusal);
    }
}

public sealed record ConflictCheckRequest(CustomerQuery? Customer);

internal static class RegisterDealEndpoints
{
    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapPost("/", async (RegisterDealRequest request, RegisterDealHandler handler, CancellationToken ct) =>
                (await handler.RegisterAsync(request, ct)).ToHttp(d => TypedResults.Created($"/api/v1/deals/{d.Id}", d)))
            .RequireAuthorization(Policies.AnyOf(DealsModule.Registrars))
            .WithName("RegisterDeal")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Register a deal (vendor staff name the partner); the answer lists possible conflicts");
        deals.MapPost("/conflict-check", async (ConflictCheckRequest request, RegisterDealHandler handler, CancellationToken ct) =>
                (await handler.CheckAsync(request.Customer, ct)).ToHttp())
            .RequireAuthorization(Policies.AnyOf(DealsModule.Registrars))
            .WithName("CheckConflicts")
            .WithSummary("Check a customer for conflicting registrations without registering anything");
    }
}
