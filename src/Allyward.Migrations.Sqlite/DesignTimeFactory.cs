using Allyward.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Allyward.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider; see scripts/add-migration.sh.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AllywardDbContext>
{
    public AllywardDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AllywardDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, DatabaseSetup.DesignTimeConnectionString(DatabaseProvider.Sqlite));
        return new AllywardDbContext(options.Options);
    }
}
