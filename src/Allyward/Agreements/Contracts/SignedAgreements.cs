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
}
