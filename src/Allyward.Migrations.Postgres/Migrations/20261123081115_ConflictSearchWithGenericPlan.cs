using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allyward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConflictSearchWithGenericPlan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The conflict search (ConflictFinder) with PostgreSQL's generic plan always. A prepared query is planned
            // afresh while plans for the values at hand look cheaper than the generic one, and for customers with few
            // match keys they do, so a third of the searches were planned every time.
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION deal_conflict_candidates(bigint[], uuid, timestamptz);");
        }
    }
}
