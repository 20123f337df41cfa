using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConflictMatchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_CustomerDomain",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_KeyPrefix",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_KeySuffix",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_NameKey",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "CompactKey",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "KeyPrefix",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "KeySuffix",
                table: "Deals");

            migrationBuilder.CreateTable(
                name: "DealMatchKeys",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    DealId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealMatchKeys", x => new { x.Key, x.DealId });
                    table.ForeignKey(
                        name: "FK_DealMatchKeys_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DealMatchKeys_DealId",
                table: "DealMatchKeys",
                column: "DealId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DealMatchKeys");

            migrationBuilder.AddColumn<string>(
                name: "CompactKey",
                table: "Deals",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "KeyPrefix",
                table: "Deals",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "KeySuffix",
                table: "Deals",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_CustomerDomain",
                table: "Deals",
                column: "CustomerDomain");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_KeyPrefix",
                table: "Deals",
                column: "KeyPrefix");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_KeySuffix",
                table: "Deals",
                column: "KeySuffix");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_NameKey",
                table: "Deals",
                column: "NameKey");
        }
    }
}
