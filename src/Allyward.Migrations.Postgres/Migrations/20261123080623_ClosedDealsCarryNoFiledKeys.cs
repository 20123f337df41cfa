using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ClosedDealsCarryNoFiledKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Closed deals left conflict search with their keys but kept the list they were filed from; empty it.
            migrationBuilder.Sql("""UPDATE "Deals" SET "FiledKeys" = '{}' WHERE "Status" NOT IN ('Submitted', 'Approved') AND "FiledKeys" <> '{}';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to restore: a closed deal is never filed again.
        }
    }
}
