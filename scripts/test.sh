#!/usr/bin/env bash
# Runs every test: unit, service-level and end-to-end (the real AppHost with real PostgreSQL,
# Redis and RabbitMQ). Needs only the .NET SDK; servers are installed when no container runtime answers.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

if ! docker info >/dev/null 2>&1 && [ "${INFRA:-}" != "containers" ]; then
  bash scripts/install-local-servers.sh || exit 1
fi
# The admin console's browser tests drive Debian's chromium.
bash scripts/install-test-browser.sh || exit 1

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test Portkey.Aspire.sln \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "$passed passed, $failed failed"
exit "$status"
