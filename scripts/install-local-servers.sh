#!/usr/bin/env bash
# Installs PostgreSQL, Redis and RabbitMQ from Debian/Ubuntu packages, for machines without a
# container runtime. The AppHost runs this itself when a server is missing; it is safe to rerun.
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing ${missing[*]}..."
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null

# The packages may start system-wide services; the AppHost runs its own per-run copies instead.
for service in postgresql redis-server rabbitmq-server; do
  "${sudo[@]}" service "$service" stop >/dev/null 2>&1 || true
done
