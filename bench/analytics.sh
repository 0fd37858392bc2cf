#!/usr/bin/env bash
# Analytics query latency over EVENTS (10,000,000) usage events spread over the last 30 days, through the real
# ControlPlane (Release) on its own PostgreSQL and Redis. The issue's target: a 30-day graph in < 1 s on this machine.
#
#  1. Starts a throwaway PostgreSQL and redis-server; the real LogIngestor (Release) runs once against analyticsdb to
#     apply its migrations (request_logs by day, request_rollups, add_histograms/sum_histograms), then stops.
#  2. Seeds request_logs in SQL (INSERT … SELECT … FROM generate_series, one statement per day of the range, after
#     ensure_request_log_partitions): 5 workspaces, 50 keys, 5 provider/model targets, log-normal latencies, costs
#     from per-model prices, some errors and cache hits, an end user on a third of the events.
#  3. Computes the matching rollups from those rows with GROUP BY, as LogIngestor would have written them: hour rollups
#     for the whole range, minute rollups for the last MINUTE_DAYS days (LogIngestor's default minute retention is
#     7 days); latency histograms bucketed by width_bucket over LatencyHistogram's own bounds (BenchTool analytics bounds).
#     Day rollups (granularity 1440) are the hour rows summed per UTC day (the same sums LogIngestor adds per event).
#  4. Starts the real ControlPlane (it migrates its catalog in catalogdb), and times GET /v1/analytics/… over the last
#     30 days with the bootstrap admin key: each warmed once, then p50/max of RUNS sequential calls.
# Writes bench/results/analytics.md. Knobs (environment): EVENTS, DAYS (30), MINUTE_DAYS (7), RUNS (10), SEED_JOBS (2,
# parallel seeding sessions), SKIP_BUILD (1: reuse the last run's Release build), HOLD (1: keep everything running at the end, for a look with psql, until Ctrl-C).
# Everything started here is stopped on exit, Ctrl-C included.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/bench/.work}/analytics
EVENTS=${EVENTS:-10000000}
DAYS=${DAYS:-30}
MINUTE_DAYS=${MINUTE_DAYS:-7}
RUNS=${RUNS:-10}
SEED_JOBS=${SEED_JOBS:-2}
RESULT=$ROOT/bench/results/analytics.md

BENCH_NAME=analytics
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cleanup() { [ -z "${PG_DIR:-}" ] || rm -rf "$PG_DIR"; }
elapsed() { echo $((SECONDS - $1)); }

as_postgres=()
[ "$(id -u)" -ne 0 ] || as_postgres=(runuser -u postgres --)

build() {
  log "building LogIngestor, ControlPlane and bench/BenchTool in Release (a private copy)"
  rm -rf "$WORK/src"
  mkdir -p "$WORK/src"
  tar -C "$ROOT" --exclude=bin --exclude=obj -cf - Directory.Build.props Directory.Packages.props global.json \
    $(cd "$ROOT" && ls -d .editorconfig 2>/dev/null) Contracts ServiceDefaults LogIngestor ControlPlane bench/BenchTool | tar -C "$WORK/src" -xf -
  local project
  for project in LogIngestor/LogIngestor ControlPlane/ControlPlane bench/BenchTool/BenchTool; do
    local name=${project##*/}
    dotnet publish "$WORK/src/$project.csproj" -c Release -o "$WORK/${name,,}" --nologo -v q >"$WORK/logs/build-${name,,}.log" 2>&1 ||
      { tail -30 "$WORK/logs/build-${name,,}.log"; die "$name build failed"; }
  done
}

psql_run() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "${PG_DB:-postgres}" -XAtq -v ON_ERROR_STOP=1 "$@"; }
analytics_sql() { PGTZ=UTC PG_DB=analyticsdb psql_run "$@"; }

start_postgres() {
  local bin
  bin=$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | sort -V | tail -1)")
  [ -x "$bin/postgres" ] || die "no PostgreSQL (scripts/install-local-servers.sh installs it)"
  PG_VERSION=$("$bin/postgres" --version | grep -oE '[0-9]+\.[0-9]+' | head -1)
  PG_PORT=$(free_port)
  PG_DIR=$(mktemp -d /tmp/analytics-pg-XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PG_DIR"
  "${as_postgres[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C >"$WORK/logs/initdb.log" 2>&1
  # fsync off only speeds up the seeding; the measured queries are reads. Memory settings: PostgreSQL's defaults
  # but a realistic shared_buffers for a small dedicated server.
  start postgres "${as_postgres[@]}" "$bin/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR" -c listen_addresses=127.0.0.1 \
    -c shared_buffers=1GB -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c maintenance_work_mem=512MB ${PG_ARGS:-}
  wait_until 30 postgres "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
  psql_run -c "CREATE DATABASE analyticsdb" -c "CREATE DATABASE catalogdb" >/dev/null
}

start_redis() {
  REDIS_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save "" --appendonly no
  wait_until 20 redis port_open "$REDIS_PORT"
}

migrations_applied() {
  [ "$(analytics_sql -c "SELECT CASE WHEN to_regclass('__log_ingestor_migrations') IS NULL THEN 0
                                 ELSE (SELECT count(*) FROM __log_ingestor_migrations) END" 2>/dev/null)" -ge "$MIGRATIONS" ] 2>/dev/null
}

migrate_analytics() {
  # The real LogIngestor applies its own migrations at start-up; no RabbitMQ is needed for that (its bus just keeps
  # retrying in the background), so it is stopped as soon as every migration is recorded.
  MIGRATIONS=$(find "$WORK/src/LogIngestor/Schema/Migrations" -name '*_*.cs' ! -name '*.Designer.cs' | wc -l)
  local port
  port=$(free_port)
  (cd "$WORK/logingestor" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__analyticsdb="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=analyticsdb" \
    ConnectionStrings__rabbitmq="amqp://guest:guest@127.0.0.1:1" Logging__LogLevel__Default=Warning \
    setsid ./LogIngestor) >"$WORK/logs/logingestor.log" 2>&1 &
  local pid=$!
  started+=("$pid")
  wait_until 120 "LogIngestor migrations" migrations_applied
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  unset 'started[${#started[@]}-1]'
}

seed_day() { # seed_day INDEX ROWS: events in [range start + INDEX days, + 1 day)
  analytics_sql -v day="$1" -v rows="$2" -v range_start="$RANGE_START" <<'SQL'
INSERT INTO request_logs (id, created_at, trace_id, workspace_id, api_key_id, provider, ai_provider, model, path, status,
  error_type, stream, prompt_tokens, completion_tokens, cached_tokens, total_tokens, cost_usd, price_known, latency_ms,
  upstream_latency_ms, ttft_ms, cache_status, retry_count, last_used_option_index, config_id, config_version, metadata, attempts)
SELECT gen_random_uuid(), e.at, md5(e.s::text || :day), w.workspaces[1 + e.key / 10], w.keys[1 + e.key],
  t.slugs[1 + e.target], t.kinds[1 + e.target], t.models[1 + e.target], '/v1/chat/completions', e.status,
  CASE WHEN e.status = 429 THEN 'rate_limited' WHEN e.status >= 500 THEN 'upstream_error' END, e.stream,
  e.prompt, e.completion, e.cached, e.prompt + e.completion,
  round((e.prompt - e.cached) * t.input_price[1 + e.target] / 1e6 + e.cached * t.input_price[1 + e.target] / 4e6
        + e.completion * t.output_price[1 + e.target] / 1e6, 10),
  true, e.latency, greatest(e.latency - 4, 0), CASE WHEN e.stream THEN e.latency / 5 END, e.cache,
  CASE WHEN e.status >= 500 THEN 1 ELSE 0 END, CASE WHEN e.routed THEN '0' END,
  CASE WHEN e.routed THEN 'pc-fallback' END, CASE WHEN e.routed THEN 3 END,
  CASE WHEN e.s % 3 = 0 THEN jsonb_build_object('_user', 'user-' || (e.s % 200), 'env', 'prod') ELSE '{"env": "prod"}' END,
  CASE WHEN e.routed THEN jsonb_build_array(jsonb_build_object('option_index', 0, 'provider', t.slugs[1 + e.target],
    'model', t.models[1 + e.target], 'status', e.status, 'latency_ms', e.latency, 'error_type', NULL)) ELSE '[]' END
FROM (
  SELECT ARRAY(SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid FROM generate_series(1, 5) i) AS workspaces,
         ARRAY(SELECT ('00000000-0000-4000-9000-' || lpad(i::text, 12, '0'))::uuid FROM generate_series(1, 50) i) AS keys
) w, (
  SELECT '{openai-prod,openai-prod,anthropic-prod,google-prod,groq}'::text[] AS slugs,
         '{openai,openai,anthropic,google,groq}'::text[] AS kinds,
         '{gpt-4o-mini,gpt-4o,claude-sonnet-4-5,gemini-2.5-flash,llama-3.3-70b-versatile}'::text[] AS models,
         '{0.15,2.5,3,0.3,0.59}'::numeric[] AS input_price, '{0.6,10,15,2.5,0.79}'::numeric[] AS output_price,
         '{600,1100,1400,700,300}'::float8[] AS median_ms
) t, LATERAL (
  SELECT r.s, r.at, r.key, r.target, r.stream, r.routed, r.status,
    CASE WHEN r.hit THEN 'HIT' WHEN r.u_cache < 0.70 THEN 'DISABLED' WHEN r.u_cache < 0.95 THEN 'MISS' ELSE 'SEMANTIC MISS' END AS cache,
    -- Log-normal around the model's median (Box-Muller); cache hits answer in a few ms.
    CASE WHEN r.hit THEN 2 + (r.u_tokens * 8)::int
         ELSE least(120000, greatest(20, (t.median_ms[1 + r.target]
              * exp(0.6 * sqrt(-2 * ln(r.u1)) * cos(2 * pi() * r.u2)))::int)) END AS latency,
    CASE WHEN r.status >= 400 THEN 0 ELSE 200 + (r.u_tokens ^ 2 * 4000)::int END AS prompt,
    CASE WHEN r.status >= 400 THEN 0 ELSE 20 + (r.u2 * 800)::int END AS completion,
    CASE WHEN r.status >= 400 OR r.u1 > 0.3 THEN 0 ELSE (r.u_tokens ^ 2 * 2000)::int END AS cached
  FROM (
    SELECT x.s, x.at, x.key, x.target, x.u1, x.u2, x.u_tokens, x.u_cache,
      x.u_cache >= 0.97 AS hit, x.u_stream < 0.4 AS stream, x.u_stream > 0.85 AS routed,
      CASE WHEN x.u_status < 0.010 THEN 429 WHEN x.u_status < 0.018 THEN 502 WHEN x.u_status < 0.020 THEN 500 ELSE 200 END AS status
    FROM (
      -- OFFSET 0 keeps the random draws in this subquery: one draw per row, however often a column is used above.
      SELECT g.s, :'range_start'::timestamptz + (:day + random()) * interval '1 day' AS at,
        floor(random() * 50)::int AS key, floor(random() * 5)::int AS target,
        1 - random() AS u1, random() AS u2, random() AS u_tokens, random() AS u_cache, random() AS u_stream, random() AS u_status
      FROM generate_series(1, :rows) g(s) OFFSET 0
    ) x OFFSET 0
  ) r
) e
WHERE e.at < now();
SQL
}

seed_events() {
  analytics_sql -c "SELECT ensure_request_log_partitions(('$RANGE_START'::timestamptz)::date, current_date + 7)" >/dev/null
  # SEED_JOBS lanes, each seeding every SEED_JOBS-th day in turn; waited for by pid (wait -n would also count the
  # servers and process substitutions this script started).
  local per_day=$((EVENTS / DAYS)) lane lanes=()
  for ((lane = 0; lane < SEED_JOBS; lane++)); do
    (
      for ((day = lane; day < DAYS; day += SEED_JOBS)); do
        rows=$per_day
        ((day < DAYS - 1)) || rows=$((EVENTS - per_day * (DAYS - 1)))
        seed_day "$day" "$rows"
      done
    ) &
    lanes+=("$!")
  done
  for lane in "${lanes[@]}"; do wait "$lane" || die "seeding failed"; done
}

seed_day_rollups() { # day rows from the hour rows: element-wise sums per UTC day (same numbers as from the events)
  analytics_sql -v buckets="$BUCKET_COUNT" <<'SQL'
SET work_mem = '512MB';
INSERT INTO request_rollups (granularity, bucket, workspace_id, api_key_id, provider, model, requests, errors, cache_hits,
  cache_lookups, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram)
SELECT 1440, date_trunc('day', bucket, 'UTC'), workspace_id, api_key_id, provider, model, sum(requests), sum(errors), sum(cache_hits),
  sum(cache_lookups), sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), sum(cost_usd), sum(latency_ms_sum),
  ARRAY(SELECT sum(h.n)::bigint FROM unnest(array_agg(latency_histogram)) WITH ORDINALITY AS h(n, i) GROUP BY (h.i - 1) % :buckets ORDER BY (h.i - 1) % :buckets)
FROM request_rollups WHERE granularity = 60
GROUP BY 2, 3, 4, 5, 6;
SQL
}

seed_rollups() { # seed_rollups GRANULARITY(1|60) FROM: what LogIngestor keeps per minute/hour, from the seeded rows
  local granularity=$1 from=$2 unit
  [ "$granularity" = 1 ] && unit=minute || unit=hour
  analytics_sql -v granularity="$granularity" -v unit="$unit" -v from="$from" -v bounds="$BOUNDS" -v buckets="$BUCKET_COUNT" <<'SQL'
-- Dense histogram (bucket_count counts) from the sparse (index, count) pairs of one rollup row.
CREATE FUNCTION pg_temp.dense(indexes int[], counts bigint[], size int) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE h bigint[] := array_fill(0::bigint, ARRAY[size]);
BEGIN
  FOR i IN 1 .. coalesce(array_length(indexes, 1), 0) LOOP
    h[indexes[i] + 1] := h[indexes[i] + 1] + counts[i];
  END LOOP;
  RETURN h;
END $$;
SET work_mem = '512MB';
INSERT INTO request_rollups (granularity, bucket, workspace_id, api_key_id, provider, model, requests, errors, cache_hits,
  cache_lookups, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram)
SELECT :granularity, bucket, workspace_id, api_key_id, provider, model, sum(n), sum(errors), sum(cache_hits), sum(cache_lookups),
  sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), sum(cost_usd), sum(latency_ms_sum),
  pg_temp.dense(array_agg(i), array_agg(n), :buckets)
FROM (
  -- LatencyHistogram.BucketOf(l) = how many bounds are below l; the bounds have 3 decimals and latencies are whole ms,
  -- so that is width_bucket(l - 0.0005, bounds) (which counts the bounds <= its operand).
  SELECT date_trunc(:'unit', created_at, 'UTC') AS bucket, workspace_id, api_key_id, provider, model,
    width_bucket((latency_ms - 0.0005)::float8, :'bounds'::float8[]) AS i, count(*) AS n,
    count(*) FILTER (WHERE status >= 400) AS errors, count(*) FILTER (WHERE cache_status IN ('HIT', 'SEMANTIC HIT')) AS cache_hits,
    count(*) FILTER (WHERE cache_status <> 'DISABLED') AS cache_lookups, sum(prompt_tokens) AS prompt_tokens,
    sum(completion_tokens) AS completion_tokens, sum(cached_tokens) AS cached_tokens, sum(cost_usd) AS cost_usd,
    sum(latency_ms) AS latency_ms_sum
  FROM request_logs WHERE created_at >= :'from'::timestamptz
  GROUP BY 1, 2, 3, 4, 5, 6
) cells
GROUP BY bucket, workspace_id, api_key_id, provider, model;
SQL
}

control_plane_healthy() { [ "$(curl -s "http://127.0.0.1:$CP_PORT/health" 2>/dev/null)" = Healthy ]; }

start_control_plane() {
  CP_PORT=$(free_port)
  ADMIN_KEY="bench-admin-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  local secret
  secret=$(head -c 32 /dev/urandom | base64)
  (cd "$WORK/controlplane" && exec env ASPNETCORE_URLS="http://127.0.0.1:$CP_PORT" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__catalogdb="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=catalogdb" \
    ConnectionStrings__analyticsdb="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=analyticsdb" \
    ConnectionStrings__redis="127.0.0.1:$REDIS_PORT" Gateway__AdminApiKey="$ADMIN_KEY" Gateway__SecretKey="$secret" \
    Logging__LogLevel__Default=Warning setsid ./ControlPlane) >"$WORK/logs/controlplane.log" 2>&1 &
  started+=("$!")
  wait_until 120 ControlPlane control_plane_healthy
}

mkdir -p "$WORK/logs" "$(dirname "$RESULT")"
command -v curl >/dev/null || die "curl is needed"
bash "$ROOT/scripts/install-local-servers.sh"
[ "${SKIP_BUILD:-0}" = 1 ] || build
read -r BUCKET_COUNT BOUNDS < <("$WORK/benchtool/BenchTool" analytics bounds)
start_postgres
start_redis
log "PostgreSQL $PG_VERSION :$PG_PORT, Redis :$REDIS_PORT"
migrate_analytics
log "analytics schema migrated by LogIngestor ($MIGRATIONS migrations)"

# The range ends now: the API's 30-day window (now − DAYS days … now) then holds every seeded event.
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
RANGE_START=$(date -u -d "$NOW - $DAYS days" +%Y-%m-%dT%H:%M:%SZ)
t0=$SECONDS
log "seeding $EVENTS events over $DAYS days ($RANGE_START … $NOW), $SEED_JOBS sessions"
seed_events
SEED_EVENTS_S=$(elapsed "$t0")
ROWS=$(analytics_sql -c "SELECT count(*) FROM request_logs")
log "seeded $ROWS rows in ${SEED_EVENTS_S}s"

t0=$SECONDS
seed_rollups 60 "$RANGE_START" &
hour_job=$!
seed_rollups 1 "$(date -u -d "$NOW - $MINUTE_DAYS days" +%Y-%m-%dT%H:%M:%SZ)" || die "minute rollups failed"
wait "$hour_job" || die "hour rollups failed"
seed_day_rollups || die "day rollups failed"
analytics_sql -c "VACUUM ANALYZE request_logs" -c "VACUUM ANALYZE request_rollups" >/dev/null
SEED_ROLLUPS_S=$(elapsed "$t0")
read -r HOUR_ROWS MINUTE_ROWS DAY_ROWS ROLLUP_REQUESTS DAY_REQUESTS < <(analytics_sql -F ' ' -c \
  "SELECT count(*) FILTER (WHERE granularity = 60), count(*) FILTER (WHERE granularity = 1), count(*) FILTER (WHERE granularity = 1440),
          coalesce(sum(requests) FILTER (WHERE granularity = 60), 0), coalesce(sum(requests) FILTER (WHERE granularity = 1440), 0)
   FROM request_rollups")
[ "$ROLLUP_REQUESTS" = "$ROWS" ] || die "hour rollups count $ROLLUP_REQUESTS requests, request_logs has $ROWS rows"
[ "$DAY_REQUESTS" = "$ROWS" ] || die "day rollups count $DAY_REQUESTS requests, request_logs has $ROWS rows"
SIZES=$(analytics_sql -F ' ' -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                                  WHERE i.inhparent = 'request_logs'::regclass" -c "SELECT pg_size_pretty(pg_total_relation_size('request_rollups'))" | paste -sd ' ')
log "rollups: $HOUR_ROWS hour rows, $DAY_ROWS day rows, $MINUTE_ROWS minute rows in ${SEED_ROLLUPS_S}s (request_logs, request_rollups: $SIZES)"

start_control_plane
log "ControlPlane :$CP_PORT healthy; timing ($RUNS runs after one warm-up each)"
FROM_Q=$(date -u -d "$(date -u +%Y-%m-%dT%H:%M:%SZ) - $DAYS days" +%Y-%m-%dT%H:%M:%SZ)
queries=(
  "graphs/requests?granularity=day"
  "graphs/requests?granularity=hour"
  "graphs/cost?granularity=day"
  "graphs/cost?granularity=hour"
  "graphs/latency?granularity=day"
  "graphs/latency?granularity=hour"
  "groups/ai-models"
  "groups/ai-models?granularity=hour"
  "groups/api-keys"
)
rows_md=""
for query in "${queries[@]}"; do
  path="/v1/analytics/$query"
  [[ "$query" == *\?* ]] && path+="&" || path+="?"
  path+="time_of_generation_min=$FROM_Q"
  load=$(cut -d' ' -f1 /proc/loadavg)
  timing=$("$WORK/benchtool/BenchTool" analytics time --url "http://127.0.0.1:$CP_PORT" --api-key "$ADMIN_KEY" \
    --path "$path" --runs "$RUNS") || die "timing $query failed"
  read -r p50 max points requests <<<"$timing"
  if [[ "$query" == graphs/requests* ]] && [ "$requests" != "$ROWS" ]; then
    die "$query counted $requests requests, $ROWS were seeded"
  fi
  met=met
  ((max < 1000)) || met=missed
  log "$query: p50 ${p50} ms, max ${max} ms ($points points)"
  rows_md+="| \`GET /v1/analytics/$query\` | $points | $p50 ms | $max ms | < 1000 ms | $met | $load |"$'\n'
done

{
  echo "# Analytics query latency — $(date -u +%Y-%m-%d)"
  echo
  echo "\`bench/analytics.sh\`: $ROWS events over the last $DAYS days, every query over the last $DAYS days"
  echo "(\`time_of_generation_min\` = now − $DAYS d), through the real ControlPlane (Release) with the bootstrap admin key."
  echo "Each query warmed once, then $RUNS sequential calls on one kept-alive connection (p50 = nearest rank)."
  echo
  echo "| query | points | p50 | max | target | | load (1 min, at start) |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows_md"
  echo
  echo "## Setup"
  echo
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GB RAM;"
  echo "  everything (PostgreSQL, Redis, ControlPlane, the timing client) on the same machine."
  echo "- PostgreSQL $PG_VERSION, throwaway, shared_buffers=1GB, otherwise defaults (fsync off: it only speeds the seeding)."
  echo "  Schema by the real LogIngestor migrations; catalog by the ControlPlane's own migrations."
  echo "- request_logs: $ROWS rows in daily partitions ($(echo "$SIZES" | cut -d' ' -f1-2) with indexes), seeded in SQL in ${SEED_EVENTS_S} s:"
  echo "  5 workspaces, 50 API keys, 5 provider/model targets; log-normal latencies (medians 300–1400 ms), 3 % cache hits,"
  echo "  2 % errors, costs from per-model prices, an end user on a third of the events."
  echo "- request_rollups ($(echo "$SIZES" | cut -d' ' -f3-4)): $HOUR_ROWS hour rows ($DAYS days), $DAY_ROWS day rows, $MINUTE_ROWS minute rows (last"
  echo "  $MINUTE_DAYS days, LogIngestor's default minute retention), computed from the seeded rows with GROUP BY (day rows: the hour"
  echo "  rows summed per UTC day) in ${SEED_ROLLUPS_S} s; histograms over LatencyHistogram's $BUCKET_COUNT buckets. The hour and the"
  echo "  day rollups' requests each add up to the seeded rows (checked), and so does the requests graph (checked)."
  echo "- What each query reads (the ControlPlane's choice): day graphs and day-granularity groups (the default over 30 days) the"
  echo "  day rows; hour graphs the hour rows; \`groups/…?granularity=hour\` the whole UTC days of its range from the day rows and the"
  echo "  partial days at its edges from the hour rows. Latency histograms are summed per array position in SQL. Nothing reads raw events."
  echo "- Load: the machine is shared; other work (builds by other sessions) may run during the timing — the last column is"
  echo "  /proc/loadavg's 1-minute figure when each query's timing began (2 cores: above ~1 means competition)."
} >"$RESULT"
log "wrote $RESULT"
cat "$RESULT"
if [ "${HOLD:-0}" = 1 ]; then
  log "holding until Ctrl-C: psql -h 127.0.0.1 -p $PG_PORT -U postgres -d analyticsdb; ControlPlane http://127.0.0.1:$CP_PORT (admin key in $WORK/admin-key)"
  (umask 077 && echo "$ADMIN_KEY" >"$WORK/admin-key")
  while true; do sleep 60; done
fi
