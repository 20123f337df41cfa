using System.Text.Json;
using Allyward.Platform.Data;
using Allyward.Platform.Hosting;

namespace Allyward.Platform.Outbox;

/// <summary>
/// Queues side effects in the caller's unit of work: they are saved by the same <c>SaveChanges</c> as the
/// business change, so a crash either keeps both or neither.
/// </summary>
public sealed class Outbox(AllywardDbContext db, TimeProvider time, OutboxSignal signal, Microsoft.AspNetCore.Http.IHttpContextAccessor http)
{
    public void Enqueue<T>(T payload) where T : IOutboxPayload
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Type = T.Type,
            Payload = JsonSerializer.Serialize(payload),
            CreatedAt = now,
            NextAttemptAt = now,
            RequestId = RequestIds.Of(http.HttpContext),
        });
        signal.Notify();
    }
}

public interface IOutboxPayload
{
    static abstract string Type { get; }
}

/// <summary>
/// Handles one type of outbox message. Handlers must be idempotent: a message may be delivered more than once.
/// Database changes a handler stages (without saving) commit in the same transaction as the message's completion.
/// </summary>
public interface IOutboxHandler
{
    string Type { get; }

    /// <summary>
    /// Called once before the messages of this type in a part are handled one by one, for work better done for all of
    /// them at once, such as finding in one query which were delivered before. A failure here is logged and ignored.
    /// </summary>
    Task PrepareAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken);
}

public abstract class OutboxHandler<T> : IOutboxHandler where T : IOutboxPayload
{
    public string Type => T.Type;

    public virtual Task PrepareAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message.Id, JsonSerializer.Deserialize<T>(message.Payload)!, cancellationToken);

    protected abstract Task HandleAsync(Guid messageId, T payload, CancellationToken cancellationToken);
}

/// <summary>Wakes the worker early when a message was queued on this node.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Waits for a message to be queued on this node, or for the timeout; true when one was.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
