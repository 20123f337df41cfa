using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FiledKeysTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<long>>(
                name: "FiledKeys",
                table: "Deals",
                type: "bigint[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // A new deal's match keys are filed as it is inserted, in one statement (see Deal.FiledKeys).
            migrationBuilder.Sql("""
                CREATE FUNCTION deals_file_match_keys() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "DealMatchKeys" ("Key", "DealId") SELECT key, NEW."Id" FROM unnest(NEW."FiledKeys") AS key;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "Deals_FileMatchKeys" AFTER INSERT ON "Deals" FOR EACH ROW EXECUTE FUNCTION deals_file_match_keys();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Deals_FileMatchKeys" ON "Deals";
                DROP FUNCTION deals_file_match_keys();
                """);

            migrationBuilder.DropColumn(
                name: "FiledKeys",
                table: "Deals");
        }
    }
}
