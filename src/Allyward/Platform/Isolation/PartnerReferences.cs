using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Allyward.Platform.Isolation;

/// <summary>
/// Modules refer to partner organizations by id, never by their entity: the foreign key to the partners' table is
/// declared here, against whichever entity is the <see cref="IPartnerOrganization"/>.
/// </summary>
public static class PartnerReferences
{
    extension<T>(EntityTypeBuilder<T> entity) where T : class
    {
        /// <summary>Makes <paramref name="partnerId"/> a foreign key to the partner organization it names.</summary>
        public ReferenceCollectionBuilder ReferencesPartner(Expression<Func<T, Guid>> partnerId) => Reference(entity, partnerId);

        /// <summary>Makes an optional <paramref name="partnerId"/> a foreign key to the partner organization it names.</summary>
        public ReferenceCollectionBuilder ReferencesPartner(Expression<Func<T, Guid?>> partnerId) => Reference(entity, partnerId);
    }

    private static ReferenceCollectionBuilder Reference(EntityTypeBuilder entity, LambdaExpression partnerId)
    {
        var property = ((MemberExpression)partnerId.Body).Member.Name;
        return entity.HasOne(OrganizationType.Value).WithMany().HasForeignKey(property);
    }

    private static readonly Lazy<Type> OrganizationType = new(() => typeof(PartnerReferences).Assembly.GetTypes()
        .Single(t => t is { IsClass: true, IsAbstract: false } && typeof(IPartnerOrganization).IsAssignableFrom(t)));
}
