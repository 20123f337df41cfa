using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.Contracts;

/// <summary>What other modules may ask about a partner's signatures (onboarding waits for one).</summary>
public static class SignedAgreements
{
    /// <summary>Whether the partner signed any version of the agreement titled <paramref name="title"/>, or any agreement when it is empty.</summary>
    public static Task<bool> HasSignedAsync(AllywardDbContext db, Guid partnerId, string? title, CancellationToken cancellationToken)
    {
        var signed = from s in db.AgreementSignatures
                     join v in db.AgreementVersions on s.AgreementVersionId equals v.Id
                     where s.PartnerId == partnerId
                     select v.Title;
        return string.IsNullOrWhiteSpace(title) ? signed.AnyAsync(cancellationToken) : signed.AnyAsync(t => t == title, cancellationToken);
    }

    /// <summary>The partners that signed any version of the agreement titled <paramref name="title"/> (any agreement when empty) by <paramref name="signedBy"/>, in one query.</summary>
    public static async Task<IReadOnlySet<Guid>> PartnersWhoSignedAsync(AllywardDbContext db, string? title, DateTime signedBy, CancellationToken cancellationToken)
    {
        var signed = from s in db.AgreementSignatures
                     join v in db.AgreementVersions on s.AgreementVersionId equals v.Id
                     where s.SignedAt <= signedBy
                     select new { s.PartnerId, v.Title };
        if (!string.IsNullOrWhiteSpace(title)) signed = signed.Where(s => s.Title == title);
        return (await signed.Select(s => s.PartnerId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
    }
}
