using Microsoft.EntityFrameworkCore;

namespace Allyward.Platform.Data;

/// <summary>The two ways a save loses a race with another one: a version that moved on, or a duplicate of a unique key.</summary>
public static class LostRaces
{
    public static bool IsLostRace(DbUpdateException exception) => exception is DbUpdateConcurrencyException || exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
