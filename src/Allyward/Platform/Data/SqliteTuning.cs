using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyward.Platform.Data;

/// <summary>
/// Settings every SQLite connection gets when it opens. In write-ahead-log mode <c>synchronous=NORMAL</c> keeps the
/// database consistent and every committed transaction safe from an application crash, syncing at checkpoints
/// instead of at every commit (a power cut may undo the last moments). A writer that finds the database busy waits
/// inside SQLite, in short steps, instead of failing.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
