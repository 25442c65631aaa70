#!/usr/bin/env bash
# Installs Debian's chromium at /usr/bin/chromium, where the browser tests (test/browser/) launch it. Idempotent: does
# nothing when it is there. Needs root and apt-get; without them, or when apt-get fails, it says why and exits 0, and
# the browser tests print their SKIPPED line.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
  echo "Chromium already installed: $CHROMIUM"
  exit 0
fi

skip() {
  echo "install-chromium: $1, Chromium not installed; the browser tests will be skipped" >&2
  exit 0
}

[[ "$(id -u)" == 0 ]] || skip "not root (as root: apt-get install -y chromium)"
command -v apt-get >/dev/null || skip "no apt-get (install a Chromium at $CHROMIUM)"
apt-get update -q || skip "apt-get update failed"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium || skip "apt-get install chromium failed"
