using System.ComponentModel.DataAnnotations;
using Allyward.Partners.Contracts;
using Allyward.Platform.Api;
using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Partners.Contacts;

public sealed record SaveContactRequest
{
    [Required(ErrorMessage = "Enter the name."), StringLength(200, MinimumLength = 1, ErrorMessage = "The name is 1 to 200 characters.")]
    public string? Name { get; init; }

    [Required(ErrorMessage = "Enter the e-mail address."), EmailAddressRule,
     StringLength(256, ErrorMessage = "The e-mail address is at most 256 characters.")]
    public string? Email { get; init; }

    [StringLength(40, ErrorMessage = "The phone number is at most 40 characters.")]
    public string? Phone { get; init; }

    [StringLength(200, ErrorMessage = "The job title is at most 200 characters.")]
    public string? JobTitle { get; init; }

    public bool IsPrimary { get; init; }
}

public sealed record ContactItem(Guid Id, string Name, string Email, string? Phone, string? JobTitle, bool IsPrimary);

public sealed class ContactsHandler(AllywardDbContext db, PartnerTimeline timeline, TimeProvider time, PartnerActivity activity)
{
    public async Task<Outcome<Paged<ContactItem>>> ListAsync(Guid partnerId, PageRequest page, CancellationToken cancellationToken = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<Paged<ContactItem>>.NotFound("No such partner.");
        return await db.PartnerContacts.Where(c => c.PartnerId == partnerId)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new ContactItem(c.Id, c.Name, c.Email, c.Phone, c.JobTitle, c.IsPrimary))
            .ToPageAsync(page, cancellationToken);
    }

    public async Task<Outcome<ContactItem>> AddAsync(Guid partnerId, SaveContactRequest request, CancellationToken cancellationToken = default)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, cancellationToken)) return Outcome<ContactItem>.NotFound("No such partner.");
        var errors = ValidationErrors.Of(request);
        if (errors.Any) return Outcome<ContactItem>.Invalid(errors);

        if (request.IsPrimary) await ClearPrimaryAsync(partnerId, cancellationToken);
        var contact = new PartnerContact
        {
            PartnerId = partnerId,
            Name = request.Name!.Trim(),
            Email = request.Email!.Trim(),
            Phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim(),
            JobTitle = string.IsNullOrWhiteSpace(request.JobTitle) ? null : request.JobTitle.Trim(),
            IsPrimary = request.IsPrimary,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.PartnerContacts.Add(contact);
        timeline.Record(partnerId, "contact-added", $"Contact {contact.Name} <{contact.Email}> added.");
        await db.SaveChangesAsync(cancellationToken);
        await activity.ChangedAsync(partnerId, cancellationToken);
        return new ContactItem(contact.Id, contact.Name, contact.Email, contact.Phone, contact.JobTitle, contact.IsPrimary);
    }

    public async Task<Outcome<ContactItem>> UpdateAsync(Guid partnerId, Guid contactId, SaveContactRequest request, CancellationToken cancellationToken = default)
    {
        var contact = await db.PartnerContacts.SingleOrDefaultAsync(c => c.Id == contactId && c.PartnerId == partnerId, cancellationToken);
        if (contact is null) return Outcome<ContactItem>.NotFound("No such contact.");
        var errors = ValidationErrors.Of(request);
        if (errors.Any) return Outcome<ContactItem>.Invalid(errors);

        if (request.IsPrimary && !contact.IsPrimary) await ClearPrimaryAsync(partnerId, cancellationToken);
        contact.Name = request.Name!.Trim();
        contact.Email = request.Email!.Trim();
        contact.Phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        contact.JobTitle = string.IsNullOrWhiteSpace(request.JobTitle) ? null : request.JobTitle.Trim();
        contact.IsPrimary = request.IsPrimary;
        timeline.Record(partnerId, "contact-updated", $"Contact {contact.Name} <{contact.Email}> updated.");
        await db.SaveChangesAsync(cancellationToken);
        await activity.ChangedAsync(partnerId, cancellationToken);
        return new ContactItem(contact.Id, contact.Name, contact.Email, contact.Phone, contact.JobTitle, contact.IsPrimary);
    }

    public async Task<Outcome<bool>> RemoveAsync(Guid partnerId, Guid contactId, CancellationToken cancellationToken = default)
    {
        var contact = await db.PartnerContacts.SingleOrDefaultAsync(c => c.Id == contactId && c.PartnerId == partnerId, cancellationToken);
        if (contact is null) return Outcome<bool>.NotFound("No such contact.");
        db.PartnerContacts.Remove(contact);
        timeline.Record(partnerId, "contact-removed", $"Contact {contact.Name} <{contact.Email}> removed.");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task ClearPrimaryAsync(Guid partnerId, CancellationToken cancellationToken)
    {
        foreach (var other in await db.PartnerContacts.Where(c => c.PartnerId == partnerId && c.IsPrimary).ToListAsync(cancellationToken))
        {
            other.IsPrimary = false;
        }
    }
}
