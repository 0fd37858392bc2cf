using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LogIngestor.Schema.Migrations
{
    /// <summary>
    /// Guardrail verdicts on each request log (<c>UsageEvent.Guardrails</c>), a snake_case JSON array like <c>attempts</c>,
    /// and a GIN index for the <c>guardrail_action</c> filter (<c>guardrails @&gt; '[{"action": "denied"}]'</c>).
    /// </summary>
    public partial class Guardrails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A constant default: PostgreSQL 11+ adds such a column without rewriting the existing partitions.
            migrationBuilder.Sql("ALTER TABLE request_logs ADD COLUMN guardrails jsonb NOT NULL DEFAULT '[]'::jsonb;");
            // Measured on one day of 1 M rows (5 % with verdicts, 0.05 % denied): the filtered logs page went from 80–340 ms
            // (a scan of the day) to 0.3–13 ms, the guardrails group filtered by action from 300 ms to 2 ms; bulk inserts were
            // no slower (within noise) and the index is ~2.3 MB per million rows (empty arrays add almost nothing).
            migrationBuilder.Sql("CREATE INDEX ix_request_logs_guardrails ON request_logs USING gin (guardrails jsonb_path_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_request_logs_guardrails;");
            migrationBuilder.Sql("ALTER TABLE request_logs DROP COLUMN IF EXISTS guardrails;");
        }
    }
}
