using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Tracks;

public sealed record TrackRequest
{
    [Required(ErrorMessage = "Enter the track's title."), MaxLength(200, ErrorMessage = "The title is at most 200 characters.")]
    public string? Title { get; init; }

    [MultiLineText, MaxLength(2000, ErrorMessage = "The description is at most 2,000 characters.")]
    public string? Description { get; init; }

    public UserRole? ForRole { get; init; }

    [Required(ErrorMessage = "List the track's courses in order.")]
    public List<Guid>? CourseIds { get; init; }
}

public sealed record CertificationRequest
{
    [Required(ErrorMessage = "Enter the certification's name."), MaxLength(200, ErrorMessage = "The name is at most 200 characters.")]
    public string? Name { get; init; }

    [MultiLineText, MaxLength(2000, ErrorMessage = "The description is at most 2,000 characters.")]
    public string? Description { get; init; }

    [Required(ErrorMessage = "Give how many months a certificate is valid."), Range(1, 120, ErrorMessage = "A certificate is valid for 1 to 120 months.")]
    public int? ValidityMonths { get; init; }

    /// <summary>Awarded when every course of this track is completed; give this or <see cref="ExamCourseId"/>.</summary>
    public Guid? TrackId { get; init; }

    /// <summary>Awarded when this course (the exam) is completed.</summary>
    public Guid? ExamCourseId { get; init; }
}

public sealed record RuleRequest
{
    [Required(ErrorMessage = "Name the rule."), MaxLength(200, ErrorMessage = "The name is at most 200 characters.")]
    public string? Name { get; init; }

    public List<PartnerType>? PartnerTypes { get; init; }
    public List<Region>? Regions { get; init; }
    public List<UserRole>? Roles { get; init; }

    /// <summary>Enroll in every course of this track; give this or <see cref="CourseId"/>.</summary>
    public Guid? TrackId { get; init; }

    public Guid? CourseId { get; init; }

    [Range(1, 365, ErrorMessage = "Give 1 to 365 days to complete it.")]
    public int? DueDays { get; init; }
}

public sealed record TrackDto(Guid Id, string Title, string Description, UserRole? ForRole, IReadOnlyList<Guid> CourseIds, IReadOnlyList<string> CourseTitles);

public sealed record CertificationDto(Guid Id, string Name, string Description, int ValidityMonths, Guid? TrackId, Guid? ExamCourseId, string AwardedFor, int ValidHolders);

public sealed record RuleDto(Guid Id, string Name, IReadOnlyList<PartnerType> PartnerTypes, IReadOnlyList<Region> Regions, IReadOnlyList<UserRole> Roles,
    Guid? TrackId, Guid? CourseId, string Assigns, int DueDays, DateTime CreatedAt);

/// <summary>The rule just added, and how many enrollments it made for the partner users who already match it.</summary>
public sealed record RuleAdded(RuleDto Rule, int Enrolled);

/// <summary>Learning tracks, certifications and assignment rules, as the vendor's authors keep them.</summary>
public sealed class TrackAdmin(AllywardDbContext db, TimeProvider time, Assignments assignments)
{
    public async Task<Outcome<Paged<TrackDto>>> TracksAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        var titles = await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);
        var tracks = await db.LearningTracks.AsNoTracking().OrderBy(t => t.Title).ToListAsync(cancellationToken);
        return tracks.Select(t => Dto(t, titles)).ToList().ToPage(query);
    }

    private static TrackDto Dto(LearningTrack t, IReadOnlyDictionary<Guid, string> titles) =>
        new(t.Id, t.Title, t.Description, t.ForRole, t.CourseIds, t.CourseIds.Select(id => titles.GetValueOrDefault(id, "")).ToList());

    public async Task<Outcome<TrackDto>> SaveTrackAsync(Guid? trackId, TrackRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.ForRole is { } role && !role.IsPartnerRole()) errors.Add("forRole", "A track is for a partner role.");
        if (request.CourseIds is { } ids)
        {
            var known = await db.Courses.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            if (ids.Count == 0) errors.Add("courseIds", "Add at least one course.");
            else if (ids.Distinct().Count() != ids.Count) errors.Add("courseIds", "List each course once.");
            else if (ids.Any(id => !known.Contains(id))) errors.Add("courseIds", "One of the courses does not exist.");
        }
        if (errors.Any) return Outcome<TrackDto>.Invalid(errors);
        var track = trackId is { } id ? await db.LearningTracks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) : new LearningTrack { CreatedAt = time.GetUtcNow().UtcDateTime };
        if (track is null) return Outcome<TrackDto>.NotFound("No such track.");
        track.Title = request.Title!.Trim();
        track.Description = request.Description?.Trim() ?? "";
        track.ForRole = request.ForRole;
        track.CourseIds = request.CourseIds!;
        if (trackId is null) db.LearningTracks.Add(track);
        await db.SaveChangesAsync(cancellationToken);
        return Dto(track, await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken));
    }

    public async Task<Outcome<Paged<CertificationDto>>> CertificationsAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var tracks = await db.LearningTracks.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Title, cancellationToken);
        var courses = await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);
        var holders = await db.Certificates.AsNoTracking().Where(c => c.RevokedAt == null && c.ExpiresAt > now)
            .GroupBy(c => c.CertificationId).Select(g => new { g.Key, Count = g.Select(c => c.UserId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var certifications = await db.Certifications.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return certifications.Select(c => new CertificationDto(c.Id, c.Name, c.Description, c.ValidityMonths, c.TrackId, c.ExamCourseId,
            c.TrackId is { } t ? $"Completing the track \"{tracks.GetValueOrDefault(t)}\"" : $"Passing the course \"{courses.GetValueOrDefault(c.ExamCourseId ?? Guid.Empty)}\"",
            holders.GetValueOrDefault(c.Id))).ToList().ToPage(query);
    }

    public async Task<Outcome<CertificationDto>> SaveCertificationAsync(Guid? certificationId, CertificationRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if ((request.TrackId is null) == (request.ExamCourseId is null)) errors.Add("trackId", "Choose either a track or an exam course that earns it.");
        else if (request.TrackId is { } t && !await db.LearningTracks.AnyAsync(x => x.Id == t, cancellationToken)) errors.Add("trackId", "No such track.");
        else if (request.ExamCourseId is { } c && !await db.Courses.AnyAsync(x => x.Id == c, cancellationToken)) errors.Add("examCourseId", "No such course.");
        if (errors.Any) return Outcome<CertificationDto>.Invalid(errors);
        var certification = certificationId is { } id ? await db.Certifications.SingleOrDefaultAsync(x => x.Id == id, cancellationToken)
            : new Certification { CreatedAt = time.GetUtcNow().UtcDateTime };
        if (certification is null) return Outcome<CertificationDto>.NotFound("No such certification.");
        certification.Name = request.Name!.Trim();
        certification.Description = request.Description?.Trim() ?? "";
        certification.ValidityMonths = request.ValidityMonths!.Value;
        certification.TrackId = request.TrackId;
        certification.ExamCourseId = request.ExamCourseId;
        if (certificationId is null) db.Certifications.Add(certification);
        await db.SaveChangesAsync(cancellationToken);
        var page = await CertificationsAsync(new ListQuery(1, 200, null, null), cancellationToken);
        return page.Value!.Items.Single(x => x.Id == certification.Id);
    }

    public async Task<Outcome<Paged<RuleDto>>> RulesAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        var names = await NamesAsync(cancellationToken);
        var rules = await db.AssignmentRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return rules.Select(r => Dto(r, names)).ToList().ToPage(query);
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(CancellationToken cancellationToken) =>
        (await db.Courses.AsNoTracking().Select(c => new { c.Id, Name = "Course \"" + c.Title + "\"" }).ToListAsync(cancellationToken))
        .Concat(await db.LearningTracks.AsNoTracking().Select(t => new { t.Id, Name = "Track \"" + t.Title + "\"" }).ToListAsync(cancellationToken))
        .ToDictionary(x => x.Id, x => x.Name);

    private static RuleDto Dto(AssignmentRule r, IReadOnlyDictionary<Guid, string> names) => new(r.Id, r.Name, r.PartnerTypes, r.Regions, r.Roles, r.TrackId, r.CourseId,
        names.GetValueOrDefault(r.TrackId ?? r.CourseId ?? Guid.Empty, ""), r.DueDays, r.CreatedAt);

    /// <summary>Adds a rule and enrolls, in the same save, every partner user who already matches it.</summary>
    public async Task<Outcome<RuleAdded>> AddRuleAsync(RuleRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if ((request.TrackId is null) == (request.CourseId is null)) errors.Add("trackId", "Choose either a track or a course to assign.");
        else if (request.TrackId is { } t && !await db.LearningTracks.AnyAsync(x => x.Id == t, cancellationToken)) errors.Add("trackId", "No such track.");
        else if (request.CourseId is { } c && !await db.Courses.AnyAsync(x => x.Id == c && x.Status == CourseStatus.Published, cancellationToken))
        {
            errors.Add("courseId", "Choose a published course.");
        }
        if (request.Roles?.Any(r => !r.IsPartnerRole()) == true) errors.Add("roles", "Rules assign partner roles only.");
        if (errors.Any) return Outcome<RuleAdded>.Invalid(errors);
        var rule = new AssignmentRule
        {
            Name = request.Name!.Trim(), PartnerTypes = request.PartnerTypes?.Distinct().ToList() ?? [], Regions = request.Regions?.Distinct().ToList() ?? [],
            Roles = request.Roles?.Distinct().ToList() ?? [], TrackId = request.TrackId, CourseId = request.CourseId, DueDays = request.DueDays ?? 30,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.AssignmentRules.Add(rule);
        var enrolled = await assignments.ApplyAsync(rule, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new RuleAdded(Dto(rule, await NamesAsync(cancellationToken)), enrolled);
    }

    /// <summary>Removes a rule; the enrollments it made stay.</summary>
    public async Task<Outcome<bool>> RemoveRuleAsync(Guid ruleId, CancellationToken cancellationToken = default)
    {
        var rule = await db.AssignmentRules.SingleOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        if (rule is null) return Outcome<bool>.NotFound("No such rule.");
        db.AssignmentRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
