#!/usr/bin/env bash
# Benchmarks the data plane against a fast local fake upstream: the same load sent directly to the
# upstream and through the gateway, in one run, at 1, 16 and 64 connections. Reports requests/s,
# added p50/p99 latency, CPU time per request of the gateway process, added time to first streamed
# byte and peak RSS, beside the issue's targets, in bench/results/latest.md.
#
# The gateway is the real DataPlane (Release) with auth and usage events on: it starts from a snapshot
# file (one key, one provider pointing at the fake), with its own redis-server and RabbitMQ, and a sink
# counts the usage events it publishes. The gateway runs on one core (GATEWAY_CPU), everything else
# (load generator, fake upstream, Redis, RabbitMQ, sink) on the other (LOAD_CPU). All traffic stays on
# 127.0.0.1. Everything started here is stopped on exit, Ctrl-C included.
#
# Knobs (environment): DURATION (s per measurement, 10), WARMUP (s, 45), CONNECTIONS ("1 16 64"),
# STREAM_CONNECTIONS (16), TTFB_REQUESTS (1000), PROVIDER_KIND (openai-compatible; mock to develop),
# PROFILE (1: perf profile of the gateway after the measurements), FALLBACK (1: also the cost of a fallback), OUT (bench/results/latest.md),
# SOURCE (worktree, or a git revision of the gateway to measure, e.g. HEAD), HOLD (1: after the warm-up,
# keep everything running until Ctrl-C, to profile by hand), GATEWAY_ENV ("NAME=value ..." for the gateway
# process only, e.g. GATEWAY_ENV="OTEL_SDK_DISABLED=true" to see what a setting is worth).
# DOTNET_* variables set by the caller reach the gateway and the fake upstream (GATEWAY_ENV: the gateway alone).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
WORK=${BENCH_WORK:-$BENCH/.work}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-45}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
STREAM_CONNECTIONS=${STREAM_CONNECTIONS:-16}
TTFB_REQUESTS=${TTFB_REQUESTS:-1000}
PROVIDER_KIND=${PROVIDER_KIND:-openai-compatible}
PROFILE=${PROFILE:-1}
GATEWAY_CPU=${GATEWAY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
OUT=${OUT:-$BENCH/results/latest.md}
SOURCE=${SOURCE:-worktree}
FALLBACK_CONFIG=pc-benchfallbk # bench/BenchTool/Snapshot/SnapshotWriter.cs
FALLBACK=${FALLBACK:-1} # 0: skip the fallback measurement (e.g. for a SOURCE older than routing configs)
[ "$PROVIDER_KIND" != mock ] || FALLBACK=0
GATEWAY_ENV=${GATEWAY_ENV:-}

BENCH_NAME=bench
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
cleanup() { [ -z "${HOLD_PID:-}" ] || kill "$HOLD_PID" 2>/dev/null || true; }

# start NAME CPU COMMAND...: as lib.sh's start, pinned to CPU; prints the pid.
start() {
  local name=$1 cpu=$2
  shift 2
  taskset -c "$cpu" setsid "$@" >"$WORK/logs/$name.log" 2>&1 &
  started+=("$!")
  echo "$!"
}

# ---------------------------------------------------------------- tools
install_tools() {
  local sudo=() missing=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v taskset >/dev/null || missing+=(util-linux)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ "$PROFILE" = 1 ] && ! command -v perf >/dev/null; then
    log "installing linux-perf for the profile (apt-get); the benchmark runs without it"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq linux-perf >/dev/null 2>&1 || true
    command -v perf >/dev/null || PROFILE=0
  fi
  bash "$ROOT/scripts/install-local-servers.sh"
}

# ---------------------------------------------------------------- build (a private copy: never touches the work tree's bin/obj)
build() {
  log "building DataPlane ($SOURCE) and bench/BenchTool in Release"
  rm -rf "$WORK/src"
  mkdir -p "$WORK/src"
  local sources=(Directory.Build.props Directory.Packages.props global.json .editorconfig Contracts ServiceDefaults DataPlane)
  if [ "$SOURCE" = worktree ]; then
    tar -C "$ROOT" --exclude=bin --exclude=obj -cf - "${sources[@]}" | tar -C "$WORK/src" -xf -
  else
    git -C "$ROOT" archive "$SOURCE" "${sources[@]}" | tar -C "$WORK/src" -xf -
  fi
  # The harness itself always comes from the work tree.
  tar -C "$ROOT" --exclude=bin --exclude=obj -cf - bench/BenchTool | tar -C "$WORK/src" -xf -
  dotnet publish "$WORK/src/DataPlane/DataPlane.csproj" -c Release -o "$WORK/dataplane" --nologo -v q >"$WORK/logs/build-dataplane.log" 2>&1 ||
    { tail -30 "$WORK/logs/build-dataplane.log"; die "DataPlane build failed"; }
  dotnet publish "$WORK/src/bench/BenchTool/BenchTool.csproj" -c Release -o "$WORK/benchtool" --nologo -v q >"$WORK/logs/build-benchtool.log" 2>&1 ||
    { tail -30 "$WORK/logs/build-benchtool.log"; die "BenchTool build failed"; }
}

# ---------------------------------------------------------------- servers
start_redis() {
  REDIS_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  start redis "$LOAD_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save "" --appendonly no >/dev/null
  wait_until 20 redis port_open "$REDIS_PORT"
}

start_rabbitmq() {
  AMQP_PORT=$(free_port)
  local dist_port epmd_port dir="$WORK/rabbitmq"
  dist_port=$(free_port)
  epmd_port=$(free_port)
  mkdir -p "$dir"
  echo "[]." >"$dir/enabled_plugins"
  printf 'log.console = true\nlog.file = false\n' >"$dir/rabbitmq.conf"
  start epmd "$LOAD_CPU" epmd -port "$epmd_port" -address 127.0.0.1 >/dev/null
  wait_until 20 epmd port_open "$epmd_port"
  # As AppHost/Infrastructure/LocalInfrastructure.cs runs it: its own node, ports and data directory.
  HOME="$dir" RABBITMQ_NODENAME="rabbit-bench-$$@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$dist_port" ERL_EPMD_PORT="$epmd_port" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false" \
    start rabbitmq "$LOAD_CPU" /usr/lib/rabbitmq/bin/rabbitmq-server >/dev/null
  wait_until 60 rabbitmq port_open "$AMQP_PORT"
  RABBITMQ_URI="amqp://guest:guest@127.0.0.1:$AMQP_PORT"
}

start_upstream() {
  UPSTREAM_PORT=$(free_port)
  start upstream "$LOAD_CPU" "$WORK/benchtool/BenchTool" upstream --port "$UPSTREAM_PORT" >/dev/null
  wait_until 30 "fake upstream" curl -sf -o /dev/null "http://127.0.0.1:$UPSTREAM_PORT/health"
}

start_usage_sink() {
  rm -f "$SINK_FILE"
  start usage-sink "$LOAD_CPU" "$WORK/benchtool/BenchTool" usage-sink --rabbitmq "$RABBITMQ_URI" --out "$SINK_FILE" >/dev/null
  wait_until 30 "usage sink" test -s "$SINK_FILE"
}

sink_events() { cut -d' ' -f1 "$SINK_FILE"; }

gateway_healthy() { [ "$(curl -s "http://127.0.0.1:$GATEWAY_PORT/health" 2>/dev/null)" = Healthy ]; }

start_gateway() {
  GATEWAY_PORT=$(free_port)
  API_KEY="pk-bench-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
  local secret snapshot="$WORK/snapshot.json"
  secret=$(head -c 32 /dev/urandom | base64)
  "$WORK/benchtool/BenchTool" snapshot --out "$snapshot" --secret-key "$secret" --api-key "$API_KEY" \
    --provider-kind "$PROVIDER_KIND" --base-url "http://127.0.0.1:$UPSTREAM_PORT/v1" --provider-key "sk-bench-not-a-real-key"
  local perf_map=()
  # JIT symbol names for perf: a perf map, and no W^X double mapping (whose aliases the map cannot name).
  # Both change start-up and JIT time only, not the steady state measured here.
  [ "$PROFILE" = 1 ] && perf_map=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
  # The content root is the current directory: start from the publish folder so appsettings.json applies.
  local gateway_env=()
  read -r -a gateway_env <<<"$GATEWAY_ENV"
  # Inline socket completions: as the AppHost runs the data plane (GATEWAY_ENV can override it).
  (cd "$WORK/dataplane" && exec env "${perf_map[@]}" DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 "${gateway_env[@]}" \
    ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY_PORT" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__redis="127.0.0.1:$REDIS_PORT" ConnectionStrings__rabbitmq="$RABBITMQ_URI" \
    Gateway__SecretKey="$secret" Gateway__SnapshotCachePath="$snapshot" \
    taskset -c "$GATEWAY_CPU" setsid ./DataPlane) >"$WORK/logs/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  started+=("$GATEWAY_PID")
  wait_until 60 gateway gateway_healthy
  [ "$(cat "/proc/$GATEWAY_PID/comm")" = DataPlane ] || die "pid $GATEWAY_PID is not the gateway"
}

# ---------------------------------------------------------------- requests
write_bodies() {
  local messages='"messages":[{"role":"system","content":"You are a helpful assistant. Answer briefly and precisely."},{"role":"user","content":"In one sentence: why should an AI gateway add as little latency as possible to each request?"}],"max_tokens":128,"temperature":0.2'
  printf '{"model":"gpt-4o-mini",%s}' "$messages" >"$WORK/direct.json"
  printf '{"model":"@bench/gpt-4o-mini",%s}' "$messages" >"$WORK/gateway.json"
  printf '{"model":"gpt-4o-mini","stream":true,%s}' "$messages" >"$WORK/direct-stream.json"
  printf '{"model":"@bench/gpt-4o-mini","stream":true,%s}' "$messages" >"$WORK/gateway-stream.json"
  cat >"$WORK/wrk.lua" <<'EOF'
local file = io.open(os.getenv("BENCH_BODY_FILE"), "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
local config = os.getenv("BENCH_CONFIG")
if config ~= nil and config ~= "" then wrk.headers["x-portkey-config"] = config end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f socket_errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
EOF
}

url_of() { # url_of direct|gateway
  if [ "$1" = direct ]; then echo "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"; else echo "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"; fi
}

smoke_test() {
  local target status
  for target in direct gateway; do
    status=$(curl -s -o "$WORK/smoke-$target.json" -w '%{http_code}' "$(url_of $target)" \
      -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/$target.json")
    [ "$status" = 200 ] || die "$target chat answered $status: $(head -c 500 "$WORK/smoke-$target.json")"
    curl -sN -o "$WORK/smoke-$target-stream.txt" "$(url_of $target)" \
      -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/$target-stream.json"
    tail -c 20 "$WORK/smoke-$target-stream.txt" | grep -q 'data: \[DONE\]' ||
      die "$target stream did not end with [DONE]: $(tail -c 500 "$WORK/smoke-$target-stream.txt")"
  done
  grep -q '"chat.completion"' "$WORK/smoke-gateway.json" || die "gateway answer is not a chat.completion"
  [ "$FALLBACK" = 1 ] || return 0
  local index
  index=$(curl -s -o /dev/null -D - "$(url_of gateway)" -H "Authorization: Bearer $API_KEY" -H "x-portkey-config: $FALLBACK_CONFIG" \
    -H 'Content-Type: application/json' --data-binary "@$WORK/gateway.json" | tr -d '\r' | sed -n 's/^x-portkey-last-used-option-index: //Ip')
  [ "$index" = "config.targets[1]" ] || die "the fallback config answered from '$index', not config.targets[1]"
}

gateway_cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"; }

core_ticks() { # core_ticks N -> "busy total"
  awk -v cpu="cpu$1" '$1 == cpu { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

CLK_TCK=$(getconf CLK_TCK)

# Work the load leaves behind (usage batches still to publish, JIT, GC) belongs to that load: wait until
# the gateway is idle (< 10 % of a core over half a second, at most 30 s) before reading its CPU time.
# Prints the seconds it took.
settle_gateway() {
  local start=$SECONDS before after
  while ((SECONDS - start < 30)); do
    before=$(gateway_cpu_ticks)
    sleep 0.5
    after=$(gateway_cpu_ticks)
    (((after - before) * 100 < CLK_TCK * 5)) && break
  done
  echo $((SECONDS - start))
}

# measure LABEL TARGET BODY CONNECTIONS SECONDS -> appends one row to $WORK/rows.tsv
measure() {
  local label=$1 target=$2 body=$3 conns=$4 seconds=$5
  local cpu0 cpu1 g0 l0 g1 l1 result
  cpu0=$(gateway_cpu_ticks)
  g0=$(core_ticks "$GATEWAY_CPU")
  l0=$(core_ticks "$LOAD_CPU")
  result=$(BENCH_BODY_FILE="$WORK/$body" BENCH_KEY="$API_KEY" BENCH_CONFIG="${BENCH_CONFIG:-}" taskset -c "$LOAD_CPU" \
    wrk -t1 -c"$conns" -d"${seconds}s" --timeout 5s -s "$WORK/wrk.lua" "$(url_of "$target")" | grep '^RESULT')
  local cpu_loaded
  cpu_loaded=$(gateway_cpu_ticks)
  g1=$(core_ticks "$GATEWAY_CPU")
  l1=$(core_ticks "$LOAD_CPU")
  local settle
  settle=$(settle_gateway)
  cpu1=$(gateway_cpu_ticks)
  local requests duration p50 p99 errors non2xx
  requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$result")
  duration=$(sed -n 's/.* duration_us=\([0-9]*\).*/\1/p' <<<"$result")
  p50=$(sed -n 's/.* p50_us=\([0-9.]*\).*/\1/p' <<<"$result")
  p99=$(sed -n 's/.* p99_us=\([0-9.]*\).*/\1/p' <<<"$result")
  errors=$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$result")
  non2xx=$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$result")
  awk -v OFS='\t' -v label="$label" -v target="$target" -v conns="$conns" -v req="$requests" -v dur="$duration" \
    -v p50="$p50" -v p99="$p99" -v err="$errors" -v non2xx="$non2xx" -v cpu="$((cpu1 - cpu0))" -v hz="$CLK_TCK" \
    -v g0="$g0" -v g1="$g1" -v l0="$l0" -v l1="$l1" -v settle="$settle" -v own="$((cpu_loaded - cpu0))" 'BEGIN {
      split(g0, a, " "); split(g1, b, " "); split(l0, c, " "); split(l1, d, " ");
      gbusy = (b[2] - a[2]) > 0 ? 100 * (b[1] - a[1]) / (b[2] - a[2]) : 0;
      lbusy = (d[2] - c[2]) > 0 ? 100 * (d[1] - c[1]) / (d[2] - c[2]) : 0;
      rps = req / (dur / 1e6);
      cpu_us = (target == "gateway" && req > 0) ? cpu / hz * 1e6 / req : -1;
      gown = (target == "gateway" && dur > 0) ? 100 * own / hz / (dur / 1e6) : -1;
      print label, target, conns, req, rps, p50, p99, cpu_us, gbusy, lbusy, err, non2xx, settle, gown }' >>"$WORK/rows.tsv"
  REQUESTS_SENT=$((REQUESTS_SENT + requests))
  log "$(printf '%-8s %-7s c=%-3s %8.0f req/s  p50 %7.1f us  p99 %8.1f us  CPU/req %6.1f us (settled in %ss)  errors %s/%s' \
    "$label" "$target" "$conns" "$(tail -1 "$WORK/rows.tsv" | cut -f5)" "$p50" "$p99" "$(tail -1 "$WORK/rows.tsv" | cut -f8)" "$settle" "$errors" "$non2xx")"
}

warm_up() {
  log "warming up the gateway for ${WARMUP}s (mixed concurrency, plain and streaming; JIT tiering and PGO settle)"
  local quarter=$((WARMUP / 4 > 1 ? WARMUP / 4 : 1))
  for spec in "64 gateway.json $((quarter * 2))" "16 gateway-stream.json $quarter" "1 gateway.json $quarter"; do
    set -- $spec
    measure warmup gateway "$2" "$1" "$3"
  done
}

# ttfb TARGET -> "p50_us p99_us" of time to first byte of sequential streaming requests on one connection
ttfb() {
  local target=$1 config="$WORK/ttfb-$1.curl"
  : >"$config"
  for _ in $(seq $((TTFB_REQUESTS + 1))); do printf 'url = "%s"\noutput = "/dev/null"\n' "$(url_of "$target")" >>"$config"; done
  taskset -c "$LOAD_CPU" curl -s -K "$config" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
    --data-binary "@$WORK/$target-stream.json" -w '%{http_code} %{time_starttransfer}\n' >"$WORK/ttfb-$target.txt"
  awk '$1 != 200 { bad++ } END { exit bad > 0 }' "$WORK/ttfb-$target.txt" || die "non-200 answers while measuring $target TTFB"
  # The first request opened the connection: leave it out.
  tail -n +2 "$WORK/ttfb-$target.txt" | awk '{print $2 * 1e6}' | sort -n |
    awk '{ v[NR] = $1 } END { p50 = v[int(NR * 0.50 + 0.5)]; p99 = v[int(NR * 0.99 + 0.5)]; printf "%.1f %.1f\n", p50, p99 }'
}

profile_gateway() {
  log "profiling the gateway under 64 connections (perf, ${DURATION}s)"
  local seconds=$((DURATION > 4 ? DURATION - 2 : 2))
  (sleep 1 && perf stat -e task-clock,context-switches,cpu-migrations -p "$GATEWAY_PID" -o "$WORK/perf-stat.txt" -- sleep "$seconds" &&
    perf record -F 499 -g -p "$GATEWAY_PID" -o "$WORK/perf.data" -- sleep "$seconds") >"$WORK/logs/perf.log" 2>&1 &
  local perf_job=$!
  local before=$REQUESTS_SENT
  measure profile gateway gateway.json 64 $((seconds * 2 + 2))
  wait "$perf_job" || { log "perf failed (see $WORK/logs/perf.log); no profile"; return; }
  PROFILE_REQUESTS=$((REQUESTS_SENT - before))
  {
    echo "# Gateway profile: perf, 64 connections, $(date -u +%FT%TZ)"
    echo
    echo "## perf stat (first half of the run)"
    grep -E 'task-clock|context-switches|cpu-migrations|seconds time elapsed' "$WORK/perf-stat.txt" || true
    echo
    echo "## where the gateway's CPU goes, by part (bench/perf-components.awk over the self-time symbols below)"
    (perf report -i "$WORK/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | awk -f "$BENCH/perf-components.awk" | sort -rn) || true
    echo
    echo "## by binary"
    (perf report -i "$WORK/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15) || true
    echo
    echo "## hottest symbols (self time)"
    (perf report -i "$WORK/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -70) || true
    echo
    echo "## call chains into the kernel's scheduler and socket paths (caller view, top entries)"
    (perf report -i "$WORK/perf.data" --children --sort sym --stdio -g caller,0.5,callee --percent-limit 5 2>/dev/null | grep -v '^#' | grep -v '^$' | head -120) || true
  } >"$PROFILE_OUT"
}

# ---------------------------------------------------------------- report
fmt_us() { awk -v v="$1" 'BEGIN { if (v < 0) print "–"; else if (v >= 1000) printf "%.2f ms", v / 1000; else printf "%.0f µs", v }'; }

runtime_settings() {
  local settings
  settings=$(env | grep -E '^DOTNET_' | grep -vE '^DOTNET_(CLI_|NOLOGO|GENERATE_ASPNET_CERTIFICATE|ROOT|SKIP_FIRST_TIME|ADD_GLOBAL_TOOLS)' | sort | tr '\n' ' ' || true)
  settings="$settings$GATEWAY_ENV"
  echo "${settings:-none}"
}

describe_source() {
  if [ "$SOURCE" = worktree ]; then
    echo "work tree at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- DataPlane Contracts ServiceDefaults 2>/dev/null || echo ' with uncommitted DataPlane changes')"
  else
    echo "commit $(git -C "$ROOT" rev-parse --short "$SOURCE")"
  fi
}

write_report() {
  local rows="$WORK/rows.tsv"
  row() { awk -F'\t' -v l="$1" -v t="$2" -v c="$3" '$1 == l && $2 == t && $3 == c' "$rows"; }
  field() { cut -f"$1" <<<"$2"; }
  local best_rps=0 best_conns="" best_cpu="" p50_added="" rss_kb
  {
    echo "# Data plane benchmark"
    echo
    echo "Run $(date -u +'%Y-%m-%d %H:%M UTC') on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(dotnet --list-runtimes | awk '/NETCore.App/ {v = $2} END {print ".NET " v}'),"
    echo "$(describe_source). Made by \`bench/run.sh\`."
    echo
    echo "| measured | target | result | |"
    echo "|---|---|---|---|"
  } >"$OUT.tmp"

  local c r
  for c in $CONNECTIONS; do
    r=$(row measure gateway "$c")
    if awk -v a="$(field 5 "$r")" -v b="$best_rps" 'BEGIN { exit !(a > b) }'; then best_rps=$(field 5 "$r"); best_conns=$c; best_cpu=$(field 8 "$r"); fi
  done
  local d1 g1 added_p50
  d1=$(row measure direct 1)
  g1=$(row measure gateway 1)
  added_p50=$(awk -v g="$(field 6 "$g1")" -v d="$(field 6 "$d1")" 'BEGIN { print g - d }')
  read -r ttfb_direct_p50 ttfb_direct_p99 <<<"$TTFB_DIRECT"
  read -r ttfb_gateway_p50 ttfb_gateway_p99 <<<"$TTFB_GATEWAY"
  local added_ttfb
  added_ttfb=$(awk -v g="$ttfb_gateway_p50" -v d="$ttfb_direct_p50" 'BEGIN { print g - d }')
  rss_kb=$PEAK_RSS_KB
  verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = (dir == ">=") ? v >= t : v <= t; print ok ? "met" : "**missed**" }'; }
  {
    printf '| requests/s through the gateway (best: %s connections) | ≥ 20,000 | %.0f | %s |\n' "$best_conns" "$best_rps" "$(verdict "$best_rps" 20000 '>=')"
    printf '| added p50 latency, 1 connection | ≤ 0.2 ms | %s | %s |\n' "$(fmt_us "$added_p50")" "$(verdict "$added_p50" 200 '<=')"
    printf '| gateway CPU per request (at %s connections) | ≤ 50 µs | %s | %s |\n' "$best_conns" "$(fmt_us "$best_cpu")" "$(verdict "$best_cpu" 50 '<=')"
    printf '| added time to first streamed byte (p50, sequential) | ≤ 0.5 ms | %s | %s |\n' "$(fmt_us "$added_ttfb")" "$(verdict "$added_ttfb" 500 '<=')"
    printf '| gateway peak RSS (VmHWM, whole run) | ≤ 150 MB | %.0f MB | %s |\n' "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" "$(verdict "$((rss_kb / 1024))" 150 '<=')"
    local pair fb direct64 ratios="" ratio
    for pair in 1 2 3; do
      fb=$(row "fallback$pair" gateway 64)
      direct64=$(row "direct$pair" gateway 64)
      [ -n "$fb" ] && [ -n "$direct64" ] || continue
      ratios="$ratios $(awk -v f="$(field 8 "$fb")" -v d="$(field 8 "$direct64")" 'BEGIN { printf "%.2f:%.0f:%.0f", f / d, f, d }')"
    done
    if [ -n "$ratios" ]; then
      ratio=$(tr ' ' '\n' <<<"$ratios" | grep . | sort -n | awk -F: '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }')
      printf '| CPU per request of a fallback after a 500 (64 connections) ÷ a direct request'"'"'s, median of 3 alternating pairs | ≤ 2× (Portkey: 1.8×) | %s× (pairs, fallback/direct µs:%s) | %s |\n' \
        "$ratio" "$(tr ' ' '\n' <<<"$ratios" | grep . | awk -F: '{ printf " %s/%s", $2, $3 }')" "$(verdict "$ratio" 2 '<=')"
    fi
    echo
    echo "## Throughput and latency (same load, direct to the fake upstream vs through the gateway)"
    echo
    echo "| connections | load | direct req/s | gateway req/s | direct p50 | gateway p50 | added p50 | direct p99 | gateway p99 | added p99 | gateway CPU/req | gateway core busy (gateway's own share) | load core busy | gateway idle again after | errors (socket/non-2xx) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    local kind body_kind d g
    for spec in $(for c in $CONNECTIONS; do echo "measure:$c:chat"; done) "stream:$STREAM_CONNECTIONS:stream"; do
      IFS=: read -r kind c body_kind <<<"$spec"
      d=$(row "$kind" direct "$c")
      g=$(row "$kind" gateway "$c")
      [ -n "$d" ] && [ -n "$g" ] || continue
      printf '| %s | %s | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s | %.0f %% (%.0f %%) | %.0f %% | %s s | %s/%s |\n' "$c" "$body_kind" \
        "$(field 5 "$d")" "$(field 5 "$g")" \
        "$(fmt_us "$(field 6 "$d")")" "$(fmt_us "$(field 6 "$g")")" "$(fmt_us "$(awk -v a="$(field 6 "$g")" -v b="$(field 6 "$d")" 'BEGIN { print a - b }')")" \
        "$(fmt_us "$(field 7 "$d")")" "$(fmt_us "$(field 7 "$g")")" "$(fmt_us "$(awk -v a="$(field 7 "$g")" -v b="$(field 7 "$d")" 'BEGIN { print a - b }')")" \
        "$(fmt_us "$(field 8 "$g")")" "$(field 9 "$g")" "$(field 14 "$g")" "$(field 10 "$g")" "$(field 13 "$g")" "$(field 11 "$g")" "$(field 12 "$g")"
    done
    echo
    echo "Gateway memory after the measurements: $RSS_NOW (RssFile: mapped runtime and assemblies; RssAnon: heaps and stacks)."
    echo
    echo "Streaming time to first byte ($TTFB_REQUESTS sequential \`stream: true\` requests on one kept-alive connection, curl \`time_starttransfer\`):"
    echo "direct p50 $(fmt_us "$ttfb_direct_p50"), p99 $(fmt_us "$ttfb_direct_p99"); through the gateway p50 $(fmt_us "$ttfb_gateway_p50"), p99 $(fmt_us "$ttfb_gateway_p99")."
    echo
    echo "## Setup"
    echo
    echo "- Gateway: the real DataPlane, \`dotnet publish -c Release\` (framework-dependent, no ReadyToRun), pinned to core $GATEWAY_CPU with \`taskset\`;"
    echo "  JIT defaults (tiered compilation with dynamic PGO), workstation GC (the runtime's choice with one core);"
    echo "  warmed up for ${WARMUP}s of mixed load before measuring. Runtime settings from the caller: $(runtime_settings)."
    [ "$PROFILE" = 1 ] && echo "  For the profile: \`DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0\` (JIT symbols; no effect on steady state)."
    echo "- Load generator (\`wrk -t1\`, ${DURATION}s per measurement, 260-byte request), fake upstream (\`bench/BenchTool upstream\`: Kestrel, precomputed"
    echo "  ~700-byte completion or 7-event SSE stream), redis-server, RabbitMQ and the usage sink all on core $LOAD_CPU. Loopback only."
    if [ "$PROVIDER_KIND" = mock ]; then
      echo "- Route: \`model: \"@bench/gpt-4o-mini\"\` → provider \`bench\` of kind \`mock\`, answered inside the gateway (no upstream: the direct column is only a reference)."
    else
      echo "- Route: \`model: \"@bench/gpt-4o-mini\"\` → provider \`bench\` of kind \`$PROVIDER_KIND\` → the fake upstream."
    fi
    echo "- On: authentication (Bearer key, SHA-256 lookup in the snapshot), metadata/trace headers, usage events"
    echo "  (one per request, batched to RabbitMQ with MassTransit; a sink bound to their exchange counted **$USAGE_EVENTS events for $USAGE_REQUESTS requests**"
    echo "  completed by the load generator while it listened — more events than requests means requests wrk cut off at the end of a run),"
    echo "  OpenTelemetry instrumentation (no exporter configured). **Not measured: rate limits and budgets** — they do not exist yet"
    echo "  (their Redis round trip per request will add to these numbers)."
    echo "- Added latency = gateway percentile − direct percentile under the same load. CPU/request = the gateway process's"
    echo "  utime+stime (/proc/<pid>/stat) from the start of the load until the gateway is idle again (so work the load leaves"
    echo "  behind, like usage batches still to publish, counts) ÷ requests completed. Core busy = that core's non-idle share"
    echo "  during the load (/proc/stat), in brackets the gateway process's own share of it: the rest is the kernel's network"
    echo "  work on that core or other processes of the machine. A load core near 100 % means the load side set the pace."
    [ -s "$PROFILE_OUT" ] && echo "- Profile of the gateway under 64 connections: \`$(basename "$PROFILE_OUT")\` beside this file."
  } >>"$OUT.tmp"
  mv "$OUT.tmp" "$OUT"
}

# ---------------------------------------------------------------- main
main() {
  mkdir -p "$WORK/logs" "$(dirname "$OUT")"
  rm -f "$WORK/rows.tsv"
  PROFILE_OUT="${OUT%.md}-profile.txt"
  rm -f "$PROFILE_OUT"
  REQUESTS_SENT=0
  SINK_FILE="$WORK/usage-sink.count"
  install_tools
  build
  start_redis
  start_rabbitmq
  start_upstream
  start_gateway
  log "gateway pid $GATEWAY_PID on core $GATEWAY_CPU, port $GATEWAY_PORT; upstream port $UPSTREAM_PORT; provider kind $PROVIDER_KIND"
  write_bodies
  smoke_test
  # The smoke test's usage events created MassTransit's exchange: the sink binds to it, then the pipeline
  # is checked end to end with one more request before anything is measured.
  start_usage_sink
  curl -s -o /dev/null "$(url_of gateway)" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/gateway.json"
  wait_until 30 "usage events at the sink" bash -c "[ \"\$(cut -d' ' -f1 '$SINK_FILE')\" -ge 1 ]"
  local events_before
  events_before=$(sink_events)

  warm_up
  if [ "${HOLD:-0}" = 1 ]; then
    # For profiling by hand: everything stays up, warm, until Ctrl-C (or SIGTERM to this script).
    log "holding: gateway http://127.0.0.1:$GATEWAY_PORT (pid $GATEWAY_PID), upstream http://127.0.0.1:$UPSTREAM_PORT, key $API_KEY, bodies and wrk.lua in $WORK"
    sleep infinity &
    HOLD_PID=$!
    wait "$HOLD_PID"
  fi
  local c
  for c in $CONNECTIONS; do
    measure measure direct direct.json "$c" "$DURATION"
    measure measure gateway gateway.json "$c" "$DURATION"
  done
  # A fallback after a 500: every request fails on bench-failing, then succeeds on bench (two upstream calls). CPU per
  # request is noisy here (±30 % between runs), so direct and fallback alternate three times and the median ratio counts.
  if [ "$FALLBACK" = 1 ]; then
    for pair in 1 2 3; do
      measure "direct$pair" gateway gateway.json 64 "$DURATION"
      BENCH_CONFIG=$FALLBACK_CONFIG measure "fallback$pair" gateway gateway.json 64 "$DURATION"
    done
  fi
  measure stream direct direct-stream.json "$STREAM_CONNECTIONS" "$DURATION"
  measure stream gateway gateway-stream.json "$STREAM_CONNECTIONS" "$DURATION"

  log "time to first streamed byte: $TTFB_REQUESTS sequential requests each"
  TTFB_DIRECT=$(ttfb direct)
  TTFB_GATEWAY=$(ttfb gateway)
  REQUESTS_SENT=$((REQUESTS_SENT + TTFB_REQUESTS + 1))
  log "TTFB p50/p99 µs: direct $TTFB_DIRECT, gateway $TTFB_GATEWAY"
  PEAK_RSS_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$GATEWAY_PID/status")
  RSS_NOW=$(awk '/^(VmRSS|RssAnon|RssFile):/ { printf "%s %.0f MB, ", $1, $2 / 1024 }' "/proc/$GATEWAY_PID/status" | sed 's/, $//')

  if [ "$PROFILE" = 1 ]; then
    profile_gateway
    rm -f "/tmp/perf-$GATEWAY_PID.map" "/tmp/perfinfo-$GATEWAY_PID.map"
  fi

  # Direct requests never reach the gateway: count only the gateway's.
  USAGE_REQUESTS=$(awk -F'\t' '$2 == "gateway" { n += $4 } END { print n + 0 }' "$WORK/rows.tsv")
  USAGE_REQUESTS=$((USAGE_REQUESTS + TTFB_REQUESTS + 1))
  sleep 3 # the publisher's last batch (50 ms window) and the broker
  USAGE_EVENTS=$(($(sink_events) - events_before))
  log "usage events: $USAGE_EVENTS received for $USAGE_REQUESTS gateway requests"
  write_report
  log "wrote $OUT"
  cat "$OUT"
}

main "$@"
