#!/usr/bin/env bash
# Installs promtool (Prometheus' rule checker) into .tools/promtool/, where test/unit/alert-rules.test.ts runs it on
# ops/alerts.yml. Idempotent: does nothing when the binary there was built from this version. Needs Go and its module
# proxy; without Go it says so and exits 0, and the promtool test prints its SKIPPED line.
#
# Built with `remove_all_sd`: promtool's rule tests need none of Prometheus' service discovery, whose cloud SDKs
# (AWS, Azure, Google, Kubernetes…) would take the build from about 3 minutes to about 9.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v0.316.0 # Prometheus 3.16's Go module version
DEST="$PWD/.tools/promtool"
BIN="$DEST/promtool"

GO="$(command -v go || true)"
if [[ -z "$GO" && -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go; fi
if [[ -z "$GO" ]]; then
  echo "install-promtool: no Go found, promtool not installed; the alert rules' promtool test will be skipped" >&2
  exit 0
fi

# `go install …@version` stamps no version into the binary's own --version; Go's build information has it.
built_from() {
  "$GO" version -m "$1" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/prometheus/prometheus" { print $3 }'
}

if [[ -x "$BIN" && "$(built_from "$BIN")" == "$VERSION" ]]; then
  echo "promtool $VERSION already installed: $BIN"
  exit 0
fi

echo "Building promtool $VERSION with $("$GO" version) (a few minutes the first time; Go caches the build)"
mkdir -p "$DEST"
GOBIN="$DEST" "$GO" install -tags remove_all_sd "github.com/prometheus/prometheus/cmd/promtool@$VERSION"
[[ "$(built_from "$BIN")" == "$VERSION" ]] || { echo "install-promtool: the built binary is not $VERSION" >&2; exit 1; }
echo "promtool $VERSION installed: $BIN"
