#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser download): install the package
# when this machine lacks it, as `make test` must work on a fresh machine.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: install Debian's package (apt-get install chromium) or set" \
       "CHROMIUM_PATH, then run the tests again." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
