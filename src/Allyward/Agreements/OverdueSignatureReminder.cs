using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Allyward.Agreements;

/// <summary>
/// Every hour, reminds the partners that missed a re-signing deadline. Each partner hears at most once a day,
/// whichever node sends it (see <see cref="AgreementsHandler.RemindAsync"/>).
/// </summary>
internal sealed class OverdueSignatureReminder(IServiceScopeFactory scopes, ILogger<OverdueSignatureReminder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AgreementsHandler>().RemindOverdueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Reminding overdue signatures failed; trying again later.");
            }
            try { await Task.Delay(TimeSpan.FromHours(1), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
