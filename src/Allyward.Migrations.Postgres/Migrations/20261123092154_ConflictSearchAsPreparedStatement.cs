using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConflictSearchAsPreparedStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // ConflictFinder runs the search as a prepared statement that keeps the generic plan by itself, which
            // costs less per search than calling this function.
            migrationBuilder.Sql("DROP FUNCTION deal_conflict_candidates(bigint[], uuid, timestamptz);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION deal_conflict_candidates(probes bigint[], exclude_deal uuid, as_of timestamptz)
                RETURNS TABLE (id uuid, partner_id uuid, customer_name varchar, customer_domain varchar, name_key varchar, status varchar, submitted_at timestamptz)
                LANGUAGE plpgsql STABLE
                SET plan_cache_mode = force_generic_plan
                AS $$
                BEGIN
                    RETURN QUERY
                    SELECT d."Id", d."PartnerId", d."CustomerName", d."CustomerDomain", d."NameKey", d."Status", d."SubmittedAt"
                    FROM "Deals" AS d
                    WHERE d."Id" IN (SELECT k."DealId" FROM "DealMatchKeys" AS k WHERE k."Key" = ANY (probes))
                      AND (exclude_deal IS NULL OR d."Id" <> exclude_deal)
                      AND (d."Status" = 'Submitted' OR (d."Status" = 'Approved' AND d."ProtectedUntil" > as_of))
                    ORDER BY d."SubmittedAt";
                END
                $$;
                """);
        }
    }
}
