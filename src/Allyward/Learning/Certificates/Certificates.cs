using System.ComponentModel.DataAnnotations;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Learning.Certificates;

public sealed record CertificateItem(Guid Id, Guid CertificationId, string Certification, Guid UserId, string Holder, Guid PartnerId, string PartnerName,
    DateTime IssuedAt, DateTime ExpiresAt, CertificateStatus Status, string? RevokedReason, string PublicCode);

/// <summary>What the public verification page and badge show: the holder's name, the certification, the partner, the dates and the status — nothing else.</summary>
public sealed record PublicCertificate(string Holder, string Certification, string PartnerName, DateTime IssuedAt, DateTime ExpiresAt, CertificateStatus Status,
    DateTime? RevokedAt, string Code, Guid CertificationId, string CertificationDescription);

public sealed record CertificateQuery(Guid? PartnerId, Guid? CertificationId, CertificateStatus? Status, int? ExpiringWithinDays, bool? Mine,
    int? Page, int? PageSize, string? Sort, string? Search)
{
    public ListQuery List => new(Page, PageSize, Sort, Search);
}

public sealed record RevokeRequest
{
    [Required(ErrorMessage = "Give the reason for revoking it."), MaxLength(1000, ErrorMessage = "The reason is at most 1,000 characters."), MultiLineText]
    public string? Reason { get; init; }
}

/// <summary>
/// Certificates: the vendor sees every partner's, a partner admin their own people's, a learner their own. Revocation
/// by the vendor, and the public view of one certificate by its unguessable code.
/// </summary>
public sealed class CertificateRecords(AllywardDbContext db, TimeProvider time, CurrentUser currentUser, WebhookPublisher webhooks, Outbox outbox, CertificateAwards awards)
{
    private static ListShape<Certificate, CertificateItem> Shape(DateTime now) => new ListShape<Certificate, CertificateItem>(c => c.Id,
            c => new CertificateItem(c.Id, c.CertificationId, c.CertificationName, c.UserId, c.HolderName, c.PartnerId, c.PartnerName, c.IssuedAt, c.ExpiresAt,
                c.RevokedAt != null ? CertificateStatus.Revoked : c.ExpiresAt <= now ? CertificateStatus.Expired : CertificateStatus.Valid, c.RevokedReason, c.PublicCode),
            defaultSort: "-issuedAt")
        .SortBy("issuedAt", c => c.IssuedAt)
        .SortBy("expiresAt", c => c.ExpiresAt)
        .SortBy("holder", c => c.HolderName)
        .SortBy("partner", c => c.PartnerName)
        .SortBy("certification", c => c.CertificationName)
        .Column("id", c => c.Id.ToString())
        .Column("certification", c => c.Certification)
        .Column("holder", c => c.Holder)
        .Column("partner", c => c.PartnerName)
        .Column("issued_at", c => c.IssuedAt.ToString("O"))
        .Column("expires_at", c => c.ExpiresAt.ToString("O"))
        .Column("status", c => c.Status.ToString())
        .Column("revoked_reason", c => c.RevokedReason);

    public Task<Outcome<Paged<CertificateItem>>> ListAsync(CertificateQuery query, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Shape(now).PageAsync(Rows(query, now), query.List, cancellationToken);
    }

    public Task<Outcome<byte[]>> ExportCsvAsync(CertificateQuery query, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Shape(now).CsvAsync(Rows(query, now), query.List, cancellationToken);
    }

    private IQueryable<Certificate> Rows(CertificateQuery query, DateTime now)
    {
        var rows = db.Certificates.AsNoTracking();
        var seesTeam = currentUser.Can(LearningPermissions.ViewAll) || currentUser.Can(LearningPermissions.ViewTeam);
        if (!seesTeam || query.Mine == true) rows = rows.Where(c => c.UserId == (currentUser.Id ?? Guid.Empty));
        if (query.PartnerId is { } partnerId) rows = rows.Where(c => c.PartnerId == partnerId);
        if (query.CertificationId is { } certificationId) rows = rows.Where(c => c.CertificationId == certificationId);
        rows = query.Status switch
        {
            CertificateStatus.Revoked => rows.Where(c => c.RevokedAt != null),
            CertificateStatus.Expired => rows.Where(c => c.RevokedAt == null && c.ExpiresAt <= now),
            CertificateStatus.Valid => rows.Where(c => c.RevokedAt == null && c.ExpiresAt > now),
            _ => rows,
        };
        if (query.ExpiringWithinDays is { } days)
        {
            var until = now.AddDays(Math.Clamp(days, 0, 3650));
            rows = rows.Where(c => c.RevokedAt == null && c.ExpiresAt > now && c.ExpiresAt <= until);
        }
        if (query.List.SearchText is { } search)
        {
            var term = search.ToLower();
            rows = rows.Where(c => c.HolderName.ToLower().Contains(term) || c.PartnerName.ToLower().Contains(term) || c.CertificationName.ToLower().Contains(term));
        }
        return rows;
    }

    public async Task<Outcome<CertificateItem>> RevokeAsync(Guid certificateId, RevokeRequest request, CancellationToken cancellationToken = default)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Reason is not null && string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "Give the reason for revoking it.");
        if (errors.Any) return Outcome<CertificateItem>.Invalid(errors);
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == certificateId, cancellationToken);
        if (certificate is null) return Outcome<CertificateItem>.NotFound("No such certificate.");
        var now = time.GetUtcNow().UtcDateTime;
        if (certificate.Revoke(now, request.Reason!.Trim(), currentUser.Name) is { } refusal) return Outcome<CertificateItem>.Conflict(refusal);
        var email = await db.Users.AsSystem().Where(u => u.Id == certificate.UserId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        outbox.Enqueue(new NotifyUser(certificate.UserId, $"Certificate revoked: {certificate.CertificationName}", $"Reason: {certificate.RevokedReason}",
            "/portal/learning/certificates", email));
        await webhooks.PublishAsync(LearningWebhookEvents.CertificationRevoked, awards.EventOf(certificate, now), cancellationToken);
        if (!await db.TrySaveAsync(cancellationToken)) return Outcome<CertificateItem>.Conflict("The certificate changed meanwhile; reload it.");
        return Item(certificate, now);
    }

    private static CertificateItem Item(Certificate c, DateTime now) => new(c.Id, c.CertificationId, c.CertificationName, c.UserId, c.HolderName, c.PartnerId,
        c.PartnerName, c.IssuedAt, c.ExpiresAt, c.StatusAt(now), c.RevokedReason, c.PublicCode);

    /// <summary>The certificate a code names, read past partner isolation since its page is public; null for an unknown code.</summary>
    public async Task<PublicCertificate?> VerifyAsync(string code, CancellationToken cancellationToken = default)
    {
        if (code.Length != 26 || !code.All(char.IsAsciiLetterOrDigit)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var found = await (from c in db.Certificates.AsSystem().AsNoTracking()
                           join k in db.Certifications.AsNoTracking() on c.CertificationId equals k.Id
                           where c.PublicCode == code
                           select new { Certificate = c, k.Description }).SingleOrDefaultAsync(cancellationToken);
        if (found is null) return null;
        var certificate = found.Certificate;
        return new PublicCertificate(certificate.HolderName, certificate.CertificationName, certificate.PartnerName, certificate.IssuedAt, certificate.ExpiresAt,
            certificate.StatusAt(now), certificate.RevokedAt, certificate.PublicCode, certificate.CertificationId, found.Description);
    }

    /// <summary>A certificate of the caller's (or, for those who see their team or every partner, one they see), for its PDF.</summary>
    public async Task<PublicCertificate?> VisibleAsync(Guid certificateId, CancellationToken cancellationToken = default)
    {
        var code = await Rows(new CertificateQuery(null, null, null, null, null, null, null, null, null), time.GetUtcNow().UtcDateTime)
            .Where(c => c.Id == certificateId).Select(c => c.PublicCode).SingleOrDefaultAsync(cancellationToken);
        return code is null ? null : await VerifyAsync(code, cancellationToken);
    }
}
