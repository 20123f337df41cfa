using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allyward.Agreements.RemindToSign;

/// <summary>Every hour, reminds the partners that missed a re-signing deadline (see <see cref="SignatureReminders"/>).</summary>
internal sealed class OverdueSignatureReminder(IServiceScopeFactory scopes, ILogger<OverdueSignatureReminder> logger)
    : Platform.Hosting.PeriodicWork(scopes, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<SignatureReminders>().RunAsync(cancellationToken);
}
