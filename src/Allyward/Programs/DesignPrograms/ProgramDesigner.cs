using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Programs.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Programs.DesignPrograms;

/// <summary>Programs and their tiers as program admins shape them, and the what-if of a change before it is saved.</summary>
public sealed class ProgramDesigner(AllywardDbContext db, TimeProvider time, PartnerMetrics metrics)
{
    public async Task<Outcome<Paged<ProgramListItem>>> ListAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        var programs = await db.Programs.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var tiers = await db.Tiers.AsNoTracking().GroupBy(t => t.ProgramId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var members = await db.ProgramMemberships.AsNoTracking().GroupBy(m => m.ProgramId)
            .Select(g => new { g.Key, Count = g.Count(), AtRisk = g.Count(m => m.AtRiskSince != null) }).ToDictionaryAsync(x => x.Key, cancellationToken);
        var pending = await db.TierProposals.AsNoTracking().Where(p => p.Status == ProposalStatus.Pending).GroupBy(p => p.ProgramId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var search = query.SearchText;
        return programs.Where(p => search is null || p.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Select(p => new ProgramListItem(p.Id, p.Name, p.Currency, tiers.GetValueOrDefault(p.Id),
                members.GetValueOrDefault(p.Id)?.Count ?? 0, members.GetValueOrDefault(p.Id)?.AtRisk ?? 0, pending.GetValueOrDefault(p.Id), p.LastEvaluationStartedAt))
            .ToList().ToPage(query);
    }

    public async Task<Outcome<ProgramDto>> GetAsync(Guid programId, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        return program is null ? Outcome<ProgramDto>.NotFound("No such program.") : await DtoAsync(program, cancellationToken);
    }

    public async Task<Outcome<ProgramDto>> CreateAsync(ProgramRequest request, CancellationToken cancellationToken = default)
    {
        if (await ProgramErrorsAsync(request, null, cancellationToken) is { } errors) return Outcome<ProgramDto>.Invalid(errors);
        var program = new PartnerProgram { CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(program, request);
        db.Programs.Add(program);
        // Every program starts with its entry tier, where members join.
        db.Tiers.Add(new Tier { ProgramId = program.Id, Name = "Registered", Rank = 0, Description = "Every member starts here." });
        await db.SaveChangesAsync(cancellationToken);
        return await DtoAsync(program, cancellationToken);
    }

    public async Task<Outcome<ProgramDto>> UpdateAsync(Guid programId, ProgramRequest request, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        if (program is null) return Outcome<ProgramDto>.NotFound("No such program.");
        if (await ProgramErrorsAsync(request, programId, cancellationToken) is { } errors) return Outcome<ProgramDto>.Invalid(errors);
        Apply(program, request);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<ProgramDto>.Conflict("The program changed meanwhile; reload and try again.");
        return await DtoAsync(program, cancellationToken);
    }

    private static void Apply(PartnerProgram program, ProgramRequest request)
    {
        program.Name = request.Name!.Trim();
        program.Description = request.Description?.Trim() ?? "";
        program.Currency = request.Currency!.Trim().ToUpperInvariant();
        program.PartnerTypes = [.. (request.PartnerTypes ?? []).Distinct()];
        program.GraceDays = request.GraceDays ?? program.GraceDays;
        program.PromotionsNeedApproval = request.PromotionsNeedApproval ?? program.PromotionsNeedApproval;
        program.EvaluationDay = request.EvaluationDay ?? program.EvaluationDay;
    }

    private async Task<ValidationErrors?> ProgramErrorsAsync(ProgramRequest request, Guid? programId, CancellationToken cancellationToken)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Currency is { } currency && !MoneyRules.IsKnownCurrency(currency)) errors.Add("currency", $"'{currency}' is not an ISO 4217 currency.");
        if (request.PartnerTypes?.Any(t => !Enum.IsDefined(t)) == true) errors.Add("partnerTypes", "Choose partner types from the list.");
        if (request.Name is { } name && errors.For("name") is null
            && await db.Programs.AnyAsync(p => p.Name == name.Trim() && p.Id != programId, cancellationToken))
            errors.Add("name", $"There is a program named {name.Trim()} already.");
        return errors.Any ? errors : null;
    }

    public async Task<Outcome<ProgramDto>> AddTierAsync(Guid programId, TierRequest request, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        if (program is null) return Outcome<ProgramDto>.NotFound("No such program.");
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == programId).ToListAsync(cancellationToken);
        var tier = new Tier { ProgramId = programId, Rank = tiers.Count == 0 ? 0 : tiers.Max(t => t.Rank) + 1 };
        if (await TierErrorsAsync(program, tier, tiers, request, cancellationToken) is { } errors) return Outcome<ProgramDto>.Invalid(errors);
        Apply(tier, request);
        db.Tiers.Add(tier);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (LostRaces.IsLostRace(ex))
        {
            return Outcome<ProgramDto>.Conflict("Another tier was added at the same moment; reload and try again.");
        }
        return await DtoAsync(program, cancellationToken);
    }

    public async Task<Outcome<ProgramDto>> UpdateTierAsync(Guid programId, Guid tierId, TierRequest request, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        var tier = await db.Tiers.SingleOrDefaultAsync(t => t.Id == tierId && t.ProgramId == programId, cancellationToken);
        if (program is null || tier is null) return Outcome<ProgramDto>.NotFound("No such tier.");
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == programId).ToListAsync(cancellationToken);
        if (await TierErrorsAsync(program, tier, tiers, request, cancellationToken) is { } errors) return Outcome<ProgramDto>.Invalid(errors);
        Apply(tier, request);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<ProgramDto>.Conflict("The tier changed meanwhile; reload and try again.");
        return await DtoAsync(program, cancellationToken);
    }

    public async Task<Outcome<ProgramDto>> RemoveTierAsync(Guid programId, Guid tierId, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        var tier = await db.Tiers.SingleOrDefaultAsync(t => t.Id == tierId && t.ProgramId == programId, cancellationToken);
        if (program is null || tier is null) return Outcome<ProgramDto>.NotFound("No such tier.");
        if (tier.Rank == 0) return Outcome<ProgramDto>.Conflict("The entry tier is where members join; it cannot be removed.");
        var members = await db.ProgramMemberships.CountAsync(m => m.TierId == tierId, cancellationToken);
        if (members > 0) return Outcome<ProgramDto>.Conflict($"{members} partner(s) are in {tier.Name}; move them to another tier first.");
        foreach (var proposal in await db.TierProposals.Where(p => p.ToTierId == tierId && p.Status == ProposalStatus.Pending).ToListAsync(cancellationToken))
            proposal.Supersede(time.GetUtcNow().UtcDateTime);
        db.Tiers.Remove(tier);
        await db.SaveChangesAsync(cancellationToken);
        return await DtoAsync(program, cancellationToken);
    }

    /// <summary>
    /// Which members would move if the tier's rules were <paramref name="request"/> (a new tier when
    /// <paramref name="tierId"/> is null): every member judged under today's rules and under the new ones, as the
    /// evaluation would judge them now. Nothing is saved.
    /// </summary>
    public async Task<Outcome<WhatIfResult>> WhatIfAsync(Guid programId, Guid? tierId, TierRequest request, CancellationToken cancellationToken = default)
    {
        var program = await db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, cancellationToken);
        if (program is null) return Outcome<WhatIfResult>.NotFound("No such program.");
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == programId).ToListAsync(cancellationToken);
        var changed = tierId is { } id ? tiers.SingleOrDefault(t => t.Id == id) : new Tier { ProgramId = programId, Rank = tiers.Count == 0 ? 0 : tiers.Max(t => t.Rank) + 1 };
        if (changed is null) return Outcome<WhatIfResult>.NotFound("No such tier.");
        if (await TierErrorsAsync(program, changed, tiers, request, cancellationToken) is { } errors) return Outcome<WhatIfResult>.Invalid(errors);

        var proposed = new Tier { ProgramId = programId, Rank = changed.Rank };
        Apply(proposed, request);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var names = await ProgramEvaluator.NamesAsync(db, cancellationToken);
        var now = new TierLadder(program, tiers, today, names);
        var then = new TierLadder(program, tiers.Where(t => t.Id != changed.Id).Append(proposed), today, names);
        var values = await metrics.ComputeAsync([.. now.Requests.Concat(then.Requests).Distinct()], program.Currency, null, cancellationToken);

        var stages = ProgramEvaluator.EvaluatedStages;
        var partners = (await db.PartnerSummaries.Where(p => stages.Contains(p.Stage)).Select(p => new { p.Id, p.Name, p.Type }).ToListAsync(cancellationToken))
            .Where(p => program.IsFor(p.Type)).ToList();
        var memberships = await db.ProgramMemberships.AsNoTracking().Where(m => m.ProgramId == programId).ToDictionaryAsync(m => m.PartnerId, m => m.TierId, cancellationToken);
        var rankOf = tiers.ToDictionary(t => t.Id);
        var moves = new List<WhatIfMove>();
        var (up, down) = (0, 0);
        foreach (var partner in partners.OrderBy(p => p.Name))
        {
            var current = memberships.TryGetValue(partner.Id, out var tierIdNow) && rankOf.TryGetValue(tierIdNow, out var t) ? t : now.Entry;
            var before = now.Qualified(partner.Id, values).Tier;
            var after = then.Qualified(partner.Id, values).Tier;
            var direction = after.Rank > current.Rank ? "up" : after.Rank < current.Rank ? "down" : "none";
            if (direction == "up") up++;
            if (direction == "down") down++;
            if (before.Rank != after.Rank) moves.Add(new WhatIfMove(partner.Id, partner.Name, current.Name, before.Name, after.Name, direction));
        }
        return new WhatIfResult(partners.Count, up, down, moves);
    }

    /// <summary>What requirements may name: the certifications and the custom KPIs, by id.</summary>
    public async Task<RequirementChoices> ChoicesAsync(CancellationToken cancellationToken = default) => new(
        await Learning.Contracts.CertificationNames.AllAsync(db, cancellationToken),
        await db.CustomKpis.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken));

    private static void Apply(Tier tier, TierRequest request)
    {
        tier.Name = request.Name!.Trim();
        tier.Description = request.Description?.Trim() ?? "";
        var b = request.Benefits ?? new BenefitsRequest();
        tier.Benefits = new TierBenefits
        {
            DealProtectionDays = b.DealProtectionDays, DiscountPercent = b.DiscountPercent, MdfEligible = b.MdfEligible ?? false,
            MdfSharePercent = b.MdfSharePercent, LeadPriority = b.LeadPriority ?? 0,
            Other = [.. (b.Other ?? []).Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim())],
        };
        tier.Requirements = new TierRequirements
        {
            OptionalNeeded = request.OptionalNeeded ?? 0,
            Items = [.. (request.Requirements ?? []).Select(r => new TierRequirement
            {
                Kind = r.Kind!.Value, Target = r.Target!.Value,
                WindowMonths = TierRequirement.IsMeasuredOverTime(r.Kind!.Value) ? r.WindowMonths ?? 12 : 0,
                CertificationId = r.Kind == RequirementKind.CertifiedPeople ? r.CertificationId : null,
                AgreementTitle = r.Kind == RequirementKind.AgreementSigned ? r.AgreementTitle?.Trim() : null,
                KpiId = r.Kind == RequirementKind.CustomKpi ? r.KpiId : null,
                Required = r.Required ?? true,
            })],
        };
    }

    private async Task<ValidationErrors?> TierErrorsAsync(PartnerProgram program, Tier tier, List<Tier> tiers, TierRequest request, CancellationToken cancellationToken)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Name is { } name && tiers.Any(t => t.Id != tier.Id && string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
            errors.Add("name", $"The program has a tier named {name.Trim()} already.");
        var b = request.Benefits;
        if (b?.DealProtectionDays is < 1 or > 730) errors.Add("benefits.dealProtectionDays", "The protection period is 1 to 730 days.");
        if (b?.DiscountPercent is < 0 or > 100) errors.Add("benefits.discountPercent", "The discount is 0 to 100 percent.");
        if (b?.MdfSharePercent is < 0 or > 100) errors.Add("benefits.mdfSharePercent", "The MDF share is 0 to 100 percent.");
        if (b?.LeadPriority is < 0 or > 100) errors.Add("benefits.leadPriority", "The lead priority is 0 to 100.");
        if (b?.Other is { Count: > 20 } || b?.Other?.Any(o => o?.Length > 200) == true) errors.Add("benefits.other", "List at most 20 other benefits of at most 200 characters each.");

        var requirements = request.Requirements ?? [];
        if (tier.Rank > 0 && requirements.Count == 0) errors.Add("requirements", "A tier above the entry tier needs at least one requirement; otherwise every member would qualify for it.");
        if (requirements.Count > 20) errors.Add("requirements", "A tier has at most 20 requirements.");
        var certifications = requirements.Any(r => r.CertificationId is not null) ? await Learning.Contracts.CertificationNames.AllAsync(db, cancellationToken) : null;
        var kpis = requirements.Any(r => r.KpiId is not null) ? await db.CustomKpis.AsNoTracking().Select(k => k.Id).ToListAsync(cancellationToken) : [];
        for (var i = 0; i < requirements.Count; i++)
        {
            var r = requirements[i];
            var at = $"requirements[{i}]";
            if (r.Kind is not { } kind || !Enum.IsDefined(kind)) { errors.Add($"{at}.kind", "Choose what the requirement measures."); continue; }
            if (r.Target is not { } target) errors.Add($"{at}.target", "Give the target to reach.");
            else if (target < 0) errors.Add($"{at}.target", "The target cannot be negative.");
            else if (target == 0) errors.Add($"{at}.target", "A target of 0 is always met; give at least 1.");
            else if (kind == RequirementKind.WonRevenue && MoneyRules.Problem(target, program.Currency) is { } tooLarge) errors.Add($"{at}.target", tooLarge);
            else if (kind is RequirementKind.OnboardingCompleted or RequirementKind.AgreementSigned && target != 1) errors.Add($"{at}.target", "A yes-or-no requirement has a target of 1.");
            if (TierRequirement.IsMeasuredOverTime(kind) && r.WindowMonths is < 1 or > 36) errors.Add($"{at}.windowMonths", "The window is 1 to 36 months.");
            if (kind == RequirementKind.CertifiedPeople && r.CertificationId is { } c && certifications?.ContainsKey(c) != true) errors.Add($"{at}.certificationId", "No such certification.");
            if (kind == RequirementKind.CustomKpi && (r.KpiId is not { } k || !kpis.Contains(k))) errors.Add($"{at}.kpiId", "Choose one of the custom KPIs.");
            if (kind == RequirementKind.AgreementSigned && r.AgreementTitle?.Length > 200) errors.Add($"{at}.agreementTitle", "The title is at most 200 characters.");
        }
        var optional = requirements.Count(r => r.Required == false);
        if (request.OptionalNeeded is < 0) errors.Add("optionalNeeded", "The number of optional requirements to meet cannot be negative.");
        else if ((request.OptionalNeeded ?? 0) > optional) errors.Add("optionalNeeded", $"Only {optional} requirement(s) are optional; at most that many can be needed.");
        else if (optional > 0 && (request.OptionalNeeded ?? 0) == 0) errors.Add("optionalNeeded", $"Say how many of the {optional} optional requirements must be met.");
        return errors.Any ? errors : null;
    }

    private async Task<ProgramDto> DtoAsync(PartnerProgram program, CancellationToken cancellationToken)
    {
        var tiers = await db.Tiers.AsNoTracking().Where(t => t.ProgramId == program.Id).OrderBy(t => t.Rank).ToListAsync(cancellationToken);
        var members = await db.ProgramMemberships.AsNoTracking().Where(m => m.ProgramId == program.Id).GroupBy(m => m.TierId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var names = await ProgramEvaluator.NamesAsync(db, cancellationToken);
        return new ProgramDto(program.Id, program.Name, program.Description, program.Currency, program.PartnerTypes, program.GraceDays,
            program.PromotionsNeedApproval, program.EvaluationDay, program.LastEvaluationStartedAt,
            [.. tiers.Select(t => new TierDto(t.Id, t.Name, t.Description, t.Rank, t.Benefits,
                [.. t.Requirements.Items.Select(r => new RequirementDto(r.Id, r.Kind, names.Label(r, program.Currency), r.Target, r.WindowMonths,
                    r.CertificationId, r.AgreementTitle, r.KpiId, r.Required))],
                t.Requirements.OptionalNeeded, members.GetValueOrDefault(t.Id), t.Version))],
            program.Version);
    }
}
