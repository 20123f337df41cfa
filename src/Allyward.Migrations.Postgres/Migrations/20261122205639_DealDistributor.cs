using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DealDistributor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DistributorId",
                table: "Deals",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deals_DistributorId_SubmittedAt",
                table: "Deals",
                columns: new[] { "DistributorId", "SubmittedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Deals_Partners_DistributorId",
                table: "Deals",
                column: "DistributorId",
                principalTable: "Partners",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Deals_Partners_DistributorId",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_DistributorId_SubmittedAt",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "DistributorId",
                table: "Deals");
        }
    }
}
