#!/usr/bin/env bash
# Ingestion throughput: EVENTS usage events, published to RabbitMQ the way the data plane publishes them (MassTransit,
# batches of BATCH), consumed by the real LogIngestor (Release) into its own PostgreSQL — request_logs by binary COPY,
# plus the minute/hour/day rollups in the same transaction. The events are all queued first, then LogIngestor starts; the
# result is events/s from the first stored event to the last (read from the hour rollups, which count each stored
# event once). The issue's target: >= 20,000 events/s sustained on this machine.
#
# Knobs (environment): EVENTS (1000000), BATCH (500, the data plane's UsageBatchSize), PG_DURABLE (1: PostgreSQL's
# default fsync/synchronous_commit; 0: fsync off, as the tests run it), INGEST_ENV ("Name=value ..." for LogIngestor,
# e.g. "Ingestion__ConcurrentMessageLimit=8"). Everything started here is stopped on exit, Ctrl-C included.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/bench/.work}/ingest
EVENTS=${EVENTS:-1000000}
BATCH=${BATCH:-500}
PG_DURABLE=${PG_DURABLE:-1}
INGEST_ENV=${INGEST_ENV:-}

BENCH_NAME=ingest
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cleanup() { [ -z "${PG_DIR:-}" ] || rm -rf "$PG_DIR"; }

as_postgres=()
[ "$(id -u)" -ne 0 ] || as_postgres=(runuser -u postgres --)

build() {
  log "building LogIngestor and bench/BenchTool in Release (a private copy)"
  rm -rf "$WORK/src"
  mkdir -p "$WORK/src"
  tar -C "$ROOT" --exclude=bin --exclude=obj -cf - Directory.Build.props Directory.Packages.props global.json \
    $(cd "$ROOT" && ls -d .editorconfig 2>/dev/null) Contracts ServiceDefaults LogIngestor bench/BenchTool | tar -C "$WORK/src" -xf -
  dotnet publish "$WORK/src/LogIngestor/LogIngestor.csproj" -c Release -o "$WORK/logingestor" --nologo -v q >"$WORK/logs/build-logingestor.log" 2>&1 ||
    { tail -30 "$WORK/logs/build-logingestor.log"; die "LogIngestor build failed"; }
  dotnet publish "$WORK/src/bench/BenchTool/BenchTool.csproj" -c Release -o "$WORK/benchtool" --nologo -v q >"$WORK/logs/build-benchtool.log" 2>&1 ||
    { tail -30 "$WORK/logs/build-benchtool.log"; die "BenchTool build failed"; }
}

start_postgres() {
  local bin
  bin=$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | sort -V | tail -1)")
  [ -x "$bin/postgres" ] || die "no PostgreSQL (scripts/install-local-servers.sh installs it)"
  PG_PORT=$(free_port)
  # As root the server runs as 'postgres', which must reach the directory.
  PG_DIR=$(mktemp -d /tmp/ingest-pg-XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PG_DIR"
  "${as_postgres[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C >"$WORK/logs/initdb.log" 2>&1
  local durability=()
  [ "$PG_DURABLE" = 1 ] || durability=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
  start postgres "${as_postgres[@]}" "$bin/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR" -c listen_addresses=127.0.0.1 \
    -c shared_buffers=256MB -c max_wal_size=4GB "${durability[@]}" ${PG_ARGS:-}
  wait_until 30 postgres "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
  psql_run -c "CREATE DATABASE analyticsdb" >/dev/null
}
psql_run() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "${PG_DB:-postgres}" -XAtq "$@"; }

start_rabbitmq() {
  AMQP_PORT=$(free_port)
  local dist_port epmd_port dir="$WORK/rabbitmq"
  dist_port=$(free_port)
  epmd_port=$(free_port)
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "[]." >"$dir/enabled_plugins"
  printf 'log.console = true\nlog.file = false\n' >"$dir/rabbitmq.conf"
  start epmd epmd -port "$epmd_port" -address 127.0.0.1
  wait_until 20 epmd port_open "$epmd_port"
  HOME="$dir" RABBITMQ_NODENAME="rabbit-ingest-$$@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$dist_port" ERL_EPMD_PORT="$epmd_port" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false" \
    start rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server
  wait_until 60 rabbitmq port_open "$AMQP_PORT"
  RABBITMQ_URI="amqp://guest:guest@127.0.0.1:$AMQP_PORT"
}

ingestor_healthy() { [ "$(curl -s "http://127.0.0.1:$INGEST_PORT/health" 2>/dev/null)" = Healthy ]; }

start_ingestor() {
  INGEST_PORT=$(free_port)
  local extra=()
  read -r -a extra <<<"$INGEST_ENV"
  (cd "$WORK/logingestor" && exec env "${extra[@]}" ASPNETCORE_URLS="http://127.0.0.1:$INGEST_PORT" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__analyticsdb="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=analyticsdb;Maximum Pool Size=32" \
    ConnectionStrings__rabbitmq="$RABBITMQ_URI" Logging__LogLevel__Default=Warning \
    setsid ./LogIngestor) >>"$WORK/logs/logingestor.log" 2>&1 &
  INGEST_PID=$!
  started+=("$INGEST_PID")
  wait_until 90 LogIngestor ingestor_healthy
}

stop_ingestor() {
  kill -TERM -- "-$INGEST_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$INGEST_PID" 2>/dev/null || break; sleep 0.2; done
  unset 'started[${#started[@]}-1]'
}

stored() { PG_DB=analyticsdb psql_run -c "SELECT coalesce(sum(requests), 0) FROM request_rollups WHERE granularity = 60"; }

mkdir -p "$WORK/logs"
: >"$WORK/logs/logingestor.log"
command -v curl >/dev/null || die "curl is needed"
bash "$ROOT/scripts/install-local-servers.sh"
build
start_postgres
start_rabbitmq
log "PostgreSQL :$PG_PORT (durable=$PG_DURABLE), RabbitMQ :$AMQP_PORT"

# A first run migrates the schema and declares the log-ingestor queue; the events then wait in it.
start_ingestor
stop_ingestor
log "publishing $EVENTS events in batches of $BATCH"
"$WORK/benchtool/BenchTool" ingest-load --rabbitmq "$RABBITMQ_URI" --events "$EVENTS" --batch "$BATCH" >&2

log "starting LogIngestor on the full queue"
start_ingestor
first_count=0
first_at=""
while true; do
  count=$(stored)
  now=$(date +%s.%N)
  if [ -z "$first_at" ] && [ "$count" -gt 0 ]; then first_at=$now; first_count=$count; fi
  [ "$count" -lt "$EVENTS" ] || break
  kill -0 "$INGEST_PID" 2>/dev/null || die "LogIngestor exited (logs: $WORK/logs/logingestor.log)"
  sleep 0.25
done
last_at=$now
rows=$(PG_DB=analyticsdb psql_run -c "SELECT count(*) FROM request_logs")
seconds=$(echo "$last_at - $first_at" | bc -l)
rate=$(echo "($EVENTS - $first_count) / $seconds" | bc -l)
result=$(printf 'ingested %d events (%d rows in request_logs) in %.1f s: %.0f events/s (batches of %d, PostgreSQL durable=%s, %d cores)' \
  "$EVENTS" "$rows" "$seconds" "$rate" "$BATCH" "$PG_DURABLE" "$(nproc)")
echo "$result" | tee "$WORK/result.txt"
