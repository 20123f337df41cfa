using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Allyward.Platform.Files;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Agreements.PublishAgreement;

public sealed record PublishAgreementRequest
{
    [Required(ErrorMessage = "Enter the title."), StringLength(200, MinimumLength = 1, ErrorMessage = "The title is 1 to 200 characters.")]
    public string? Title { get; init; }

    /// <summary>The partner type the agreement is for; leave empty for every type.</summary>
    public PartnerType? PartnerType { get; init; }

    [StringLength(PublishAgreementHandler.MaxTextLength, ErrorMessage = "The text is at most 200,000 characters.")]
    [Allyward.Platform.Api.MultiLineText]
    public string? Text { get; init; }

    /// <summary>Partners who signed an earlier version must sign this one by <see cref="ResignDeadline"/>.</summary>
    public bool RequiresResign { get; init; }

    public DateTime? ResignDeadline { get; init; }
}

/// <summary>The form fields of a PDF agreement upload.</summary>
public sealed class PublishPdfForm
{
    public string? Title { get; set; }
    public PartnerType? PartnerType { get; set; }
    public bool RequiresResign { get; set; }
    public DateTime? ResignDeadline { get; set; }
    public IFormFile? File { get; set; }
}

/// <summary>Publishes agreement versions: Markdown text or a PDF, a new version when the title exists.</summary>
public sealed class PublishAgreementHandler(AllywardDbContext db, IFileStorage storage, CurrentUser currentUser, TimeProvider time)
{
    public const int MaxTextLength = 200_000;
    public const long MaxPdfBytes = 10 * 1024 * 1024;

    public async Task<Outcome<AgreementDto>> PublishTextAsync(PublishAgreementRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (string.IsNullOrWhiteSpace(request.Text)) errors.Add("text", "Enter the agreement text.");
        if (errors.Any) return Outcome<AgreementDto>.Invalid(errors);
        var bytes = Encoding.UTF8.GetBytes(request.Text!);
        return await PublishAsync(request, AgreementFormat.Markdown, request.Text, null, bytes, cancellationToken);
    }

    public async Task<Outcome<AgreementDto>> PublishPdfAsync(PublishAgreementRequest request, IFormFile? file, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        byte[]? bytes = null;
        if (file is null || file.Length == 0) errors.Add("file", "Attach the agreement as a PDF.");
        else if (file.Length > MaxPdfBytes) errors.Add("file", "The PDF is larger than 10 MB.");
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
            if (FileTypes.Recognise(file.FileName, bytes, [FileTypes.Pdf]) is null) errors.Add("file", "The file is not a PDF.");
        }
        if (errors.Any) return Outcome<AgreementDto>.Invalid(errors);
        var key = await storage.SaveAsync(new MemoryStream(bytes!), cancellationToken);
        Outcome<AgreementDto>? published = null;
        try
        {
            return published = await PublishAsync(request, AgreementFormat.Pdf, null, key, bytes!, cancellationToken);
        }
        finally
        {
            // A version published at the same moment (a 409) or a failed save leaves no unreferenced PDF behind.
            if (published?.Succeeded != true) await storage.DeleteAsync(key, CancellationToken.None);
        }
    }

    private async Task<Outcome<AgreementDto>> PublishAsync(PublishAgreementRequest request, AgreementFormat format, string? text, string? key, byte[] bytes,
        CancellationToken cancellationToken)
    {
        var title = request.Title!.Trim();
        var previous = await db.AgreementVersions.Where(v => v.Title == title).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var version = new AgreementVersion
        {
            Title = title,
            PartnerType = request.PartnerType,
            Version = previous + 1,
            Format = format,
            Text = text,
            StorageKey = key,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            PublishedAt = time.GetUtcNow().UtcDateTime,
            PublishedByName = currentUser.Name,
            RequiresResign = request.RequiresResign && previous > 0,
            ResignDeadline = request.RequiresResign && previous > 0 ? request.ResignDeadline : null,
        };
        db.AgreementVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Outcome<AgreementDto>.Conflict("Another version of this agreement was published at the same moment. Try again.");
        }
        return AgreementDto.Of(version);
    }

    private ValidationErrors Validate(PublishAgreementRequest request)
    {
        var errors = ValidationErrors.Of(request);
        if (request.Title is not null && string.IsNullOrWhiteSpace(request.Title)) errors.Add("title", "Enter the title.");
        if (request.RequiresResign && request.ResignDeadline is null) errors.Add("resignDeadline", "Say by when partners must sign again.");
        if (request.ResignDeadline is { } deadline && deadline <= time.GetUtcNow().UtcDateTime) errors.Add("resignDeadline", "The deadline must be in the future.");
        if (!request.RequiresResign && request.ResignDeadline is not null) errors.Add("resignDeadline", "A deadline only applies when partners must sign again.");
        return errors;
    }
}

internal static class PublishAgreementEndpoints
{
    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/", async ([AsParameters] PageQuery paging, AgreementDocuments documents, CancellationToken ct) =>
                await paging.ToHttpAsync(page => documents.ListAsync(page, ct)))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("Every published agreement version");
        agreements.MapPost("/", async (PublishAgreementRequest request, PublishAgreementHandler handler, CancellationToken ct) =>
                (await handler.PublishTextAsync(request, ct)).ToHttp(a => TypedResults.Created($"/api/v1/agreements/{a.Id}", a)))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Publish a Markdown agreement (a new version when the title exists)");
        agreements.MapPost("/pdf", async ([FromForm] PublishPdfForm form, PublishAgreementHandler handler, CancellationToken ct) =>
                (await handler.PublishPdfAsync(new PublishAgreementRequest
                {
                    Title = form.Title, PartnerType = form.PartnerType, RequiresResign = form.RequiresResign, ResignDeadline = form.ResignDeadline,
                }, form.File, ct)).ToHttp(a => TypedResults.Created($"/api/v1/agreements/{a.Id}", a)))
            .RequireAuthorization(AgreementPermissions.Manage)
            .WithSummary("Publish a PDF agreement (multipart form: title, partnerType, requiresResign, resignDeadline, file)");
        agreements.MapGet("/{agreementId:guid}", async (Guid agreementId, AgreementDocuments documents, CancellationToken ct) =>
                ApiResults.OkOrNotFound(await documents.GetAsync(agreementId, ct), "No such agreement."))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .WithSummary("One agreement version");
        agreements.MapGet("/{agreementId:guid}/document", async (Guid agreementId, AgreementDocuments documents, CancellationToken ct) =>
                await documents.DocumentAsync(agreementId, ct) is { } document ? AgreementDocuments.Download(document) : ApiResults.NotFound("No such agreement."))
            .RequireAuthorization(AgreementPermissions.ViewAll)
            .ProducesFile("text/markdown", "application/pdf")
            .WithSummary("The agreement's text or PDF");
    }
}
