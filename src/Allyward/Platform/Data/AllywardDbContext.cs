using System.Linq.Expressions;
using Allyward.Platform.Audit;
using Allyward.Platform.Identity;
using Allyward.Platform.Isolation;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Time;
using Allyward.Platform.Tokens;
using Allyward.Agreements;
using Allyward.Deals;
using Allyward.Onboarding;
using Allyward.Onboarding.Templates;
using Allyward.Partners;
using Allyward.Platform.Files;
using Allyward.Recruitment;
using Allyward.Recruitment.IdealProfile;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Data;

/// <remarks>Contexts are pooled (see <see cref="DatabaseSetup"/>): one is handed out per scope, acting for its user.</remarks>
public sealed class AllywardDbContext(DbContextOptions<AllywardDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The partner whose data this context may see; null means all (vendor staff, system work).</summary>
    internal Guid? IsolatedPartnerId => CurrentUser.PartnerId;

    /// <summary>Whom the context acts for; without one, the system, which sees all partners.</summary>
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

    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerContact> PartnerContacts => Set<PartnerContact>();
    public DbSet<PartnerStageTransition> PartnerStageTransitions => Set<PartnerStageTransition>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PartnerApplication> Applications => Set<PartnerApplication>();
    public DbSet<IdealProfileCriterion> IdealProfileCriteria => Set<IdealProfileCriterion>();
    public DbSet<AgreementVersion> AgreementVersions => Set<AgreementVersion>();
    public DbSet<AgreementSignature> AgreementSignatures => Set<AgreementSignature>();
    public DbSet<AgreementReminder> AgreementReminders => Set<AgreementReminder>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<OnboardingTemplate> OnboardingTemplates => Set<OnboardingTemplate>();
    public DbSet<OnboardingPlan> OnboardingPlans => Set<OnboardingPlan>();
    public DbSet<OnboardingTask> OnboardingTasks => Set<OnboardingTask>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealHistoryEntry> DealHistory => Set<DealHistoryEntry>();
    public DbSet<Deals.Conflicts.DealMatchKey> DealMatchKeys => Set<Deals.Conflicts.DealMatchKey>();
    public DbSet<DealSettings> DealSettings => Set<DealSettings>();
    public DbSet<DealExtensionRequest> DealExtensionRequests => Set<DealExtensionRequest>();
    public DbSet<Deals.CustomFields.DealCustomField> DealCustomFields => Set<Deals.CustomFields.DealCustomField>();
    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
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
            user.HasQueryFilter(u => IsolatedPartnerId == null || u.PartnerId == IsolatedPartnerId);
        });
        builder.Entity<Partner>().HasQueryFilter(p => IsolatedPartnerId == null || p.Id == IsolatedPartnerId);
        builder.Entity<ApiToken>().HasQueryFilter(t => IsolatedPartnerId == null || t.PartnerId == IsolatedPartnerId);

        foreach (var entity in builder.Model.GetEntityTypes()
                     .Where(e => typeof(IPartnerOwned).IsAssignableFrom(e.ClrType) && e.BaseType is null))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(PartnerOwnedFilter(entity.ClrType));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private LambdaExpression PartnerOwnedFilter(Type entityType)
    {
        // e => IsolatedPartnerId == null || e.PartnerId == IsolatedPartnerId
        var entity = Expression.Parameter(entityType, "e");
        var isolated = Expression.Property(Expression.Constant(this), nameof(IsolatedPartnerId));
        var partnerId = Expression.Convert(Expression.Property(entity, nameof(IPartnerOwned.PartnerId)), typeof(Guid?));
        return Expression.Lambda(
            Expression.OrElse(
                Expression.Equal(isolated, Expression.Constant(null, typeof(Guid?))),
                Expression.Equal(partnerId, isolated)),
            entity);
    }
}
