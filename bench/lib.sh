# Shared by the bench/*.sh scripts (sourced): logging, processes started in their own session and stopped on exit,
# free ports, bounded waits. The sourcing script sets BENCH_NAME (the log prefix) and WORK (logs go to $WORK/logs),
# and may define cleanup (run on exit, after every process it started has stopped).

log() { echo "[$BENCH_NAME $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }

started=()
stop_all() {
  local pid
  # Newest first, each gone before the next: a service stops while the servers it uses still answer.
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid=${started[i]}
    # Each was started with setsid: its id is its process group, which holds anything it forked.
    kill -TERM -- "-$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  started=()
  if declare -F cleanup >/dev/null; then cleanup; fi
}
trap 'stop_all' EXIT
trap 'log "interrupted"; exit 130' INT TERM

start() { # start NAME COMMAND...: its own session (process group), output in $WORK/logs/NAME.log
  local name=$1
  shift
  setsid "$@" >"$WORK/logs/$name.log" 2>&1 &
  started+=("$!")
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 25000))
    port_open "$port" || { echo "$port"; return; }
  done
}

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || die "$what not ready within ${seconds}s (logs: $WORK/logs)"
    sleep 0.2
  done
}
