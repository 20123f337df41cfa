using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Agreements;

/// <summary>
/// Every hour, reminds the partners that missed a re-signing deadline. Each partner hears at most once a day,
/// whichever node sends it (see <see cref="AgreementsHandler.RemindAsync"/>).
/// </summary>
internal sealed class OverdueSignatureReminder(IServiceScopeFactory scopes, ILogger<OverdueSignatureReminder> logger)
    : Platform.Hosting.PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AgreementsHandler>().RemindOverdueAsync(cancellationToken);
}
