using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LogIngestor.Schema.Migrations
{
    /// <summary>
    /// Attempts on each request log; per-minute and per-hour rollups (counts, tokens, cost, latency histogram)
    /// with the functions that add histograms and sum spend since a moment. Plain SQL, like the first migration.
    /// </summary>
    public partial class AttemptsAndRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A constant default: PostgreSQL 11+ adds such a column without rewriting the existing partitions.
            migrationBuilder.Sql("ALTER TABLE request_logs ADD COLUMN attempts jsonb NOT NULL DEFAULT '[]'::jsonb;");
            // Bodies only where body logging is on (a key's or workspace's log_bodies), already cut by the data plane.
            migrationBuilder.Sql("ALTER TABLE request_logs ADD COLUMN request_body text NULL, ADD COLUMN response_body text NULL;");
            migrationBuilder.Sql("""
                CREATE TABLE request_rollups (
                  granularity smallint NOT NULL,
                  bucket timestamptz NOT NULL,
                  workspace_id uuid NULL,
                  api_key_id uuid NULL,
                  provider text NULL,
                  model text NULL,
                  requests bigint NOT NULL,
                  errors bigint NOT NULL,
                  cache_hits bigint NOT NULL,
                  cache_lookups bigint NOT NULL,
                  prompt_tokens bigint NOT NULL,
                  completion_tokens bigint NOT NULL,
                  cached_tokens bigint NOT NULL,
                  cost_usd numeric(20,10) NOT NULL,
                  latency_ms_sum bigint NOT NULL,
                  latency_histogram bigint[] NOT NULL,
                  CONSTRAINT uq_request_rollups UNIQUE NULLS NOT DISTINCT (granularity, bucket, workspace_id, api_key_id, provider, model)
                );
                """);
            migrationBuilder.Sql("CREATE INDEX ix_request_rollups_bucket ON request_rollups (granularity, bucket);");

            // Element-wise sum; the shorter array counts as zeros, so a longer bucket list later still adds up.
            migrationBuilder.Sql("""
                CREATE FUNCTION add_histograms(a bigint[], b bigint[]) RETURNS bigint[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                  SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}'::bigint[])
                  FROM unnest(coalesce(a, '{}'::bigint[]), coalesce(b, '{}'::bigint[])) WITH ORDINALITY AS t(x, y, i)
                $$;
                """);
            // For readers: SELECT sum_histograms(latency_histogram) FROM request_rollups WHERE … gives one histogram.
            migrationBuilder.Sql("""
                CREATE AGGREGATE sum_histograms(bigint[]) (
                  SFUNC = add_histograms, STYPE = bigint[], INITCOND = '{}', PARALLEL = SAFE
                );
                """);

            // Spend since a moment (a budget period's start), per workspace, API key and provider: whole hours from the
            // hour rollups, the partial first hour from the minute rollups (minute precision). The current hour's hour
            // rollup is as up to date as its minutes: both are written in the same transaction as the events.
            migrationBuilder.Sql("""
                CREATE FUNCTION spend_since(from_time timestamptz)
                RETURNS TABLE (workspace_id uuid, api_key_id uuid, provider text, requests bigint,
                               prompt_tokens bigint, completion_tokens bigint, cached_tokens bigint, cost_usd numeric)
                LANGUAGE sql STABLE AS $$
                  WITH first_hour AS (
                    SELECT CASE WHEN date_trunc('hour', from_time, 'UTC') = from_time
                                THEN from_time
                                ELSE date_trunc('hour', from_time, 'UTC') + interval '1 hour' END AS at
                  )
                  SELECT r.workspace_id, r.api_key_id, r.provider, sum(r.requests)::bigint,
                         sum(r.prompt_tokens)::bigint, sum(r.completion_tokens)::bigint, sum(r.cached_tokens)::bigint, sum(r.cost_usd)
                  FROM request_rollups r, first_hour h
                  WHERE (r.granularity = 60 AND r.bucket >= h.at)
                     OR (r.granularity = 1 AND r.bucket >= from_time AND r.bucket < h.at)
                  GROUP BY r.workspace_id, r.api_key_id, r.provider
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS spend_since(timestamptz);");
            migrationBuilder.Sql("DROP AGGREGATE IF EXISTS sum_histograms(bigint[]);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS add_histograms(bigint[], bigint[]);");
            migrationBuilder.Sql("DROP TABLE IF EXISTS request_rollups;");
            migrationBuilder.Sql("ALTER TABLE request_logs DROP COLUMN IF EXISTS attempts;");
            migrationBuilder.Sql("ALTER TABLE request_logs DROP COLUMN IF EXISTS request_body, DROP COLUMN IF EXISTS response_body;");
        }
    }
}
