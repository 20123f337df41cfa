using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace Allyward.Platform.Data;

#pragma warning disable EF1001 // EF's own executor does all the work; this only decides when it needs no transaction.
/// <summary>
/// Sends a save that only inserts rows, and fits in one batch, without <c>BEGIN</c> and <c>COMMIT</c>. Npgsql sends a
/// batch's statements followed by a single Sync, and PostgreSQL runs everything up to a Sync in one implicit
/// transaction: the batch stays all or nothing, and the round trip for <c>COMMIT</c> is saved (one in five of a deal
/// registration's). A save that updates or deletes keeps EF's transaction, because EF checks the rows those statements
/// touched only after the batch has run, and a concurrency failure found then must still undo the whole save.
/// EF checks that each insert wrote its one row the same way, after the commit here: that holds as long as no
/// <c>BEFORE INSERT</c> trigger or rule can skip a row (the deals' key trigger runs after the insert). As with any
/// commit, a caller that stops waiting while the batch runs cannot tell whether it was saved.
/// </summary>
internal sealed class PostgresBatchExecutor(ICurrentDbContext currentContext, IDiagnosticsLogger<DbLoggerCategory.Update> updateLogger)
    : Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor(currentContext, updateLogger)
{
    public override int Execute(IEnumerable<ModificationCommandBatch> commandBatches, IRelationalConnection connection)
    {
        using var batches = commandBatches.GetEnumerator();
        if (!batches.MoveNext()) return 0;
        var first = batches.Current;
        if (!AtomicByItself(first, connection)) return base.Execute(Resume(first, batches), connection);
        connection.Open();
        try
        {
            first.Execute(connection);
            return first.ModificationCommands.Count;
        }
        finally
        {
            connection.Close();
        }
    }

    public override async Task<int> ExecuteAsync(
        IEnumerable<ModificationCommandBatch> commandBatches, IRelationalConnection connection, CancellationToken cancellationToken = default)
    {
        using var batches = commandBatches.GetEnumerator();
        if (!batches.MoveNext()) return 0;
        var first = batches.Current;
        if (!AtomicByItself(first, connection)) return await base.ExecuteAsync(Resume(first, batches), connection, cancellationToken);
        await connection.OpenAsync(cancellationToken);
        try
        {
            await first.ExecuteAsync(connection, cancellationToken);
            return first.ModificationCommands.Count;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private bool AtomicByItself(ModificationCommandBatch batch, IRelationalConnection connection) =>
        !batch.AreMoreBatchesExpected
        && batch.ModificationCommands.All(command => command.EntityState == EntityState.Added)
        && connection.CurrentTransaction is null
        && connection is ITransactionEnlistmentManager { EnlistedTransaction: null, CurrentAmbientTransaction: null }
        && CurrentContext.Context.Database.AutoTransactionBehavior == AutoTransactionBehavior.WhenNeeded;

    /// <summary>The batches again from the first one, which has already been taken from the enumerator.</summary>
    private static IEnumerable<ModificationCommandBatch> Resume(ModificationCommandBatch first, IEnumerator<ModificationCommandBatch> rest)
    {
        yield return first;
        while (rest.MoveNext()) yield return rest.Current;
    }
}
