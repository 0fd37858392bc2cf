using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LogIngestor.Schema.Migrations
{
    /// <summary>
    /// request_logs, partitioned by day, and the function that creates the daily partitions.
    /// Plain SQL: EF's model knows nothing of partitioning, and this history must never change.
    /// </summary>
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE request_logs (
                  id uuid NOT NULL,
                  created_at timestamptz NOT NULL,
                  trace_id text NOT NULL,
                  workspace_id uuid NULL,
                  api_key_id uuid NULL,
                  provider text NULL,
                  ai_provider text NULL,
                  model text NULL,
                  path text NOT NULL,
                  status integer NOT NULL,
                  error_type text NULL,
                  stream boolean NOT NULL,
                  prompt_tokens integer NOT NULL,
                  completion_tokens integer NOT NULL,
                  cached_tokens integer NOT NULL,
                  total_tokens integer NOT NULL,
                  cost_usd numeric(20,10) NOT NULL,
                  price_known boolean NOT NULL,
                  latency_ms integer NOT NULL,
                  upstream_latency_ms integer NOT NULL,
                  ttft_ms integer NULL,
                  cache_status text NOT NULL,
                  retry_count integer NOT NULL,
                  last_used_option_index text NULL,
                  config_id text NULL,
                  config_version integer NULL,
                  metadata jsonb NOT NULL,
                  PRIMARY KEY (id, created_at)
                ) PARTITION BY RANGE (created_at);
                """);
            migrationBuilder.Sql("CREATE INDEX ix_request_logs_created_at ON request_logs (created_at DESC, id DESC);");
            migrationBuilder.Sql("CREATE INDEX ix_request_logs_workspace ON request_logs (workspace_id, created_at DESC);");
            migrationBuilder.Sql("CREATE INDEX ix_request_logs_metadata ON request_logs USING gin (metadata jsonb_path_ops);");

            // Days are UTC days whatever the session's TimeZone: bounds are written with an explicit +00.
            // Concurrent callers queue on a transaction-scoped advisory lock, taken only when a partition is
            // missing; the exception handler covers a creator the lock could not see (e.g. plain DDL).
            migrationBuilder.Sql("""
                CREATE FUNCTION ensure_request_log_partitions(from_day date, to_day date) RETURNS void
                LANGUAGE plpgsql AS $$
                DECLARE
                  day date := from_day;
                  partition_name text;
                  locked boolean := false;
                BEGIN
                  IF from_day IS NULL OR to_day IS NULL THEN
                    RAISE EXCEPTION 'ensure_request_log_partitions: from_day and to_day are required';
                  END IF;
                  WHILE day <= to_day LOOP
                    partition_name := 'request_logs_p' || to_char(day, 'YYYYMMDD');
                    IF to_regclass(quote_ident(partition_name)) IS NULL THEN
                      IF NOT locked THEN
                        PERFORM pg_advisory_xact_lock(5497013199644683891); -- "LIPartns"
                        locked := true;
                      END IF;
                      BEGIN
                        EXECUTE format(
                          'CREATE TABLE IF NOT EXISTS %I PARTITION OF request_logs FOR VALUES FROM (%L) TO (%L)',
                          partition_name,
                          to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                          to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
                      EXCEPTION WHEN duplicate_table OR unique_violation THEN
                        NULL; -- created by another session meanwhile: that is all we wanted
                      END;
                    END IF;
                    day := day + 1;
                  END LOOP;
                END
                $$;
                """);
            migrationBuilder.Sql(
                "SELECT ensure_request_log_partitions((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 7);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS ensure_request_log_partitions(date, date);");
            // Dropping the parent drops every partition.
            migrationBuilder.Sql("DROP TABLE IF EXISTS request_logs;");
        }
    }
}
