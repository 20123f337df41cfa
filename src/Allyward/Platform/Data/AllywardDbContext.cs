using System.Linq.Expressions;
using Allyward.Platform.Audit;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Time;
using Allyward.Platform.Tokens;
using Allyward.Platform.Files;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Data;

/// <remarks>Contexts are pooled (see <see cref="DatabaseSetup"/>): one is handed out per scope, acting for its user.</remarks>
public sealed class AllywardDbContext(DbContextOptions<AllywardDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>Vendor staff and the system see every partner's data (see <see cref="CurrentUser"/>).</summary>
    internal bool SeesAllPartners => CurrentUser.SeesAllPartners;

    /// <summary>Otherwise, the one partner whose data the context sees; for nobody, none.</summary>
    internal Guid? VisiblePartnerId => CurrentUser.VisiblePartnerId;

    /// <summary>Whom the context acts for; until a scope says, nobody, who sees no partner's data.</summary>
    internal CurrentUser CurrentUser { get; private set; } = new();

    /// <summary>Hands the context to a scope acting for <paramref name="user"/>.</summary>
    public AllywardDbContext ActingFor(CurrentUser user)
    {
        CurrentUser = user;
        SavesCachedConfiguration = false;
        return this;
    }

    /// <summary>Set while a save changes cached configuration (see <see cref="ConfigurationChangeInterceptor"/>).</summary>
    internal bool SavesCachedConfiguration { get; set; }

    /// <summary>Set while a save holds SQLite's write turn (see <see cref="SqliteWriteGate"/>).</summary>
    internal (SemaphoreSlim Gate, bool DetectChanges)? HeldWriteGate { get; set; }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();
    public DbSet<Branding.BrandSettings> BrandSettings => Set<Branding.BrandSettings>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    /// <summary>A caller who may only read (see <see cref="Isolation.CurrentUser.IsReadOnly"/>) saves nothing.</summary>
    private void RefuseReadOnlyCaller()
    {
        if (CurrentUser.IsReadOnly && ChangeTracker.HasChanges()) throw new ReadOnlyAccessException();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseReadOnlyCaller();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            SqliteWriteGate.Release(this);
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseReadOnlyCaller();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            SqliteWriteGate.Release(this);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AllywardDbContext).Assembly);

        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.FullName).HasMaxLength(200);
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(40);
            user.HasIndex(u => u.PartnerId);
            user.HasQueryFilter(u => SeesAllPartners || u.PartnerId == VisiblePartnerId);
        });
        builder.Entity<ApiToken>().HasQueryFilter(t => SeesAllPartners || t.PartnerId == VisiblePartnerId);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => e.BaseType is null))
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
            {
                builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }
            if (typeof(IPartnerOwned).IsAssignableFrom(entity.ClrType))
            {
                builder.Entity(entity.ClrType).HasQueryFilter(PartnerFilter(entity.ClrType, nameof(IPartnerOwned.PartnerId)));
            }
            else if (typeof(IPartnerOrganization).IsAssignableFrom(entity.ClrType))
            {
                builder.Entity(entity.ClrType).HasQueryFilter(PartnerFilter(entity.ClrType, nameof(IPartnerOrganization.Id)));
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private LambdaExpression PartnerFilter(Type entityType, string partnerIdProperty)
    {
        // e => SeesAllPartners || e.PartnerId == VisiblePartnerId
        var entity = Expression.Parameter(entityType, "e");
        var context = Expression.Constant(this);
        var partnerId = Expression.Convert(Expression.Property(entity, partnerIdProperty), typeof(Guid?));
        return Expression.Lambda(
            Expression.OrElse(
                Expression.Property(context, nameof(SeesAllPartners)),
                Expression.Equal(partnerId, Expression.Property(context, nameof(VisiblePartnerId)))),
            entity);
    }
}
