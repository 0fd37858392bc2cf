#!/usr/bin/env bash
# Installs Debian's Chromium for the admin console's browser tests (Playwright drives it; nothing is downloaded
# at test time). Safe to rerun.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing chromium..."
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
