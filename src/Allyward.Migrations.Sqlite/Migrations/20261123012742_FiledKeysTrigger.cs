using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FiledKeysTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FiledKeys",
                table: "Deals",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // A new deal's match keys are filed as it is inserted, in one statement (see Deal.FiledKeys).
            migrationBuilder.Sql("""
                CREATE TRIGGER "Deals_FileMatchKeys" AFTER INSERT ON "Deals"
                BEGIN
                    INSERT INTO "DealMatchKeys" ("Key", "DealId") SELECT "value", NEW."Id" FROM json_each(NEW."FiledKeys");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Deals_FileMatchKeys";""");

            migrationBuilder.DropColumn(
                name: "FiledKeys",
                table: "Deals");
        }
    }
}
