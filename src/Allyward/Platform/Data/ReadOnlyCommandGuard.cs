using System.Data.Common;
using Allyward.Platform.Isolation;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyward.Platform.Data;

/// <summary>
/// Refuses every command that writes (a save, and equally a bulk <c>ExecuteUpdate</c> or <c>ExecuteDelete</c>, which
/// bypass <c>SaveChanges</c>) for a caller who may only read (<see cref="CurrentUser.IsReadOnly"/>, ADR 0013). The
/// DbContext already refuses such a save before it starts; this catches whatever reaches the database another way.
/// </summary>
internal sealed class ReadOnlyCommandGuard : DbCommandInterceptor
{
    private static void Check(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is AllywardDbContext { CurrentUser.IsReadOnly: true } && Writes(command.CommandText))
        {
            throw new ReadOnlyAccessException();
        }
    }

    internal static bool Writes(string sql)
    {
        foreach (var line in sql.Split('\n'))
        {
            var text = line.TrimStart();
            if (text.Length == 0 || text.StartsWith("--", StringComparison.Ordinal)) continue;
            return !(text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase)
                     || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase) || text.StartsWith("SET ", StringComparison.OrdinalIgnoreCase));
        }
        return false;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }
}
