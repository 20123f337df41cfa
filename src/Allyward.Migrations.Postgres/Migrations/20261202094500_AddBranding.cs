using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddBranding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BrandSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    VendorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PortalTitle = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PrimaryColor = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    LogoKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LogoContentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    MailFromName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    MailFromAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Footer = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SignInText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ApplicationIntro = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrandSettings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrandSettings");
        }
    }
}
