using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddPartnerOwnProfile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "City",
                table: "Partners",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Partners",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LogoFileId",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCode",
                table: "Partners",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Street",
                table: "Partners",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "City",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "LogoFileId",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "PostalCode",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Street",
                table: "Partners");
        }
    }
}
