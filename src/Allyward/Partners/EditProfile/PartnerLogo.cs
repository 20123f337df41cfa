using Allyward.Partners.Contracts;
using Allyward.Partners.SavePartner;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.EditProfile;

/// <summary>
/// A partner's logo, kept among the partner's files. Only raster images are taken — PNG, JPEG and WebP, recognised by
/// their first bytes as well as their extension, at most <see cref="PartnerLimits.LogoBytes"/> — because an SVG can
/// carry script, and a file that only claims to be an image could be anything.
/// </summary>
public sealed class PartnerLogo(AllywardDbContext db, IFileStorage storage, TimeProvider time, PartnerTimeline timeline, PartnerActivity activity, CurrentUser currentUser,
    Platform.Webhooks.WebhookPublisher webhooks)
{
    public static readonly FileTypes.FileType WebP = new("WebP", ".webp", "image/webp", "RIFF"u8.ToArray(), []);

    /// <summary>What the upload form accepts.</summary>
    public const string Accept = ".png,.jpg,.jpeg,.webp";

    public const string Refusal = "Upload a PNG, JPEG or WebP image; this file is not one.";

    /// <summary>The image type whose extension and content both match, or null.</summary>
    public static FileTypes.FileType? Recognise(string fileName, ReadOnlySpan<byte> head)
    {
        if (FileTypes.Recognise(fileName, head, [FileTypes.Png, FileTypes.Jpeg]) is { } type) return type;
        // RIFF, four bytes of length, then WEBP.
        return Path.GetExtension(fileName).Equals(".webp", StringComparison.OrdinalIgnoreCase)
               && head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? WebP : null;
    }

    public async Task<Outcome<PartnerDto>> SaveAsync(Guid partnerId, string fileName, Stream content, long length, CancellationToken cancellationToken = default)
    {
        var partner = await OwnAsync(partnerId, cancellationToken);
        if (partner is null) return Outcome<PartnerDto>.NotFound("No such partner.");
        if (length <= 0) return Outcome<PartnerDto>.Invalid("file", "Choose an image to upload.");
        if (length > PartnerLimits.LogoBytes) return Outcome<PartnerDto>.Invalid("file", "The logo is larger than 1 MB.");

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (bytes.Length > PartnerLimits.LogoBytes) return Outcome<PartnerDto>.Invalid("file", "The logo is larger than 1 MB.");
        if (Recognise(fileName, bytes) is not { } type) return Outcome<PartnerDto>.Invalid("file", Refusal);
        if (partner.Stage == PartnerStage.Former) return Outcome<PartnerDto>.Conflict("A former partner is kept read-only.");

        var file = await StoredFile.SaveAsync(storage, partnerId, fileName, type, bytes, time.GetUtcNow().UtcDateTime, currentUser.Name, cancellationToken);
        db.Files.Add(file);
        var previous = await PreviousAsync(partner, cancellationToken);
        partner.LogoFileId = file.Id;
        partner.UpdatedAt = time.GetUtcNow().UtcDateTime;
        timeline.Record(partnerId, "logo-updated", $"Logo {(previous is null ? "added" : "replaced")}{By}: {file.FileName}.");
        await webhooks.PublishAsync(PartnerWebhookEvents.ProfileUpdated,
            PartnerProfileEvent.Of(partner, ["logo"], currentUser.IsPartnerUser, currentUser.Name, partner.UpdatedAt), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The bytes belong to no record; a lost race is the caller's to retry.
            await storage.DeleteAsync(file.StorageKey, CancellationToken.None);
            if (exception is DbUpdateConcurrencyException) return Outcome<PartnerDto>.Conflict("Someone else changed this profile at the same moment. Reload and try again.");
            throw;
        }
        if (previous is not null) await storage.DeleteAsync(previous, CancellationToken.None);
        await activity.ChangedAsync(partnerId, cancellationToken);
        return await PartnerQueries.GetAsync(db, partnerId, cancellationToken) is { } dto ? dto : Outcome<PartnerDto>.NotFound();
    }

    public async Task<Outcome<PartnerDto>> RemoveAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var partner = await OwnAsync(partnerId, cancellationToken);
        if (partner is null) return Outcome<PartnerDto>.NotFound("No such partner.");
        if (partner.LogoFileId is null) return Outcome<PartnerDto>.NotFound("This partner has no logo.");
        if (partner.Stage == PartnerStage.Former) return Outcome<PartnerDto>.Conflict("A former partner is kept read-only.");
        var previous = await PreviousAsync(partner, cancellationToken);
        partner.LogoFileId = null;
        partner.UpdatedAt = time.GetUtcNow().UtcDateTime;
        timeline.Record(partnerId, "logo-removed", $"Logo removed{By}.");
        await webhooks.PublishAsync(PartnerWebhookEvents.ProfileUpdated,
            PartnerProfileEvent.Of(partner, ["logo"], currentUser.IsPartnerUser, currentUser.Name, partner.UpdatedAt), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<PartnerDto>.Conflict("Someone else changed this profile at the same moment. Reload and try again.");
        }
        if (previous is not null) await storage.DeleteAsync(previous, CancellationToken.None);
        await activity.ChangedAsync(partnerId, cancellationToken);
        return await PartnerQueries.GetAsync(db, partnerId, cancellationToken) is { } dto ? dto : Outcome<PartnerDto>.NotFound();
    }

    public async Task<Document?> ReadAsync(Guid partnerId, CancellationToken cancellationToken = default)
    {
        var file = await (from p in db.Partners.AsNoTracking()
                          where p.Id == partnerId
                          join f in db.Files.AsNoTracking() on p.LogoFileId equals f.Id
                          select f).SingleOrDefaultAsync(cancellationToken);
        if (file is null || file.ContentType is not ("image/png" or "image/jpeg" or "image/webp")) return null;
        await using var stream = await storage.OpenAsync(file.StorageKey, cancellationToken);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return new Document(buffer.ToArray(), file.ContentType, file.FileName);
    }

    private string By => currentUser.IsPartnerUser ? " by the partner" : "";

    private async Task<Partner?> OwnAsync(Guid partnerId, CancellationToken cancellationToken) =>
        currentUser.PartnerId is { } own && own != partnerId
            ? null
            : await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);

    /// <summary>Removes the record of the logo being replaced (in the same save), and gives its storage key to delete after it.</summary>
    private async Task<string?> PreviousAsync(Partner partner, CancellationToken cancellationToken)
    {
        if (partner.LogoFileId is not { } id) return null;
        var old = await db.Files.SingleOrDefaultAsync(f => f.Id == id && f.PartnerId == partner.Id, cancellationToken);
        if (old is null) return null;
        db.Files.Remove(old);
        return old.StorageKey;
    }
}
