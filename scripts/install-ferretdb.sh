#!/usr/bin/env bash
# Installs FerretDB (a MongoDB-protocol server storing in PostgreSQL or SQLite) into .tools/ferretdb/, where the
# tests look for it (test/support/mongodb.ts). Idempotent: does nothing when the binary there reports the version.
# Needs Go and its module proxy; without Go it says so and exits 0, and the MongoDB tests print their SKIPPED line.
#
# The module as downloaded lacks build/version/version.txt, which FerretDB reads at start (it panics with
# "Invalid build/version/version.txt file content"), so `go install …@version` is not enough: the source is copied
# from the module cache, the file written, and the binary built from that copy.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v1.24.1
DEST="$PWD/.tools/ferretdb"
BIN="$DEST/ferretdb"

# Reads the whole --version output before matching: `--version | grep -q` under pipefail fails with SIGPIPE (141)
# whenever grep exits before FerretDB has written its remaining lines, which made CI fail after a good build.
has_version() {
  local out
  out="$("$1" --version 2>/dev/null)" || return 1
  [[ $'\n'"$out"$'\n' == *$'\n'"version: $VERSION"$'\n'* ]]
}

if [[ -x "$BIN" ]] && has_version "$BIN"; then
  echo "FerretDB $VERSION already installed: $BIN"
  exit 0
fi

GO="$(command -v go || true)"
if [[ -z "$GO" && -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go; fi
if [[ -z "$GO" ]]; then
  echo "install-ferretdb: no Go found, FerretDB not installed; the MongoDB tests will be skipped" >&2
  exit 0
fi

echo "Building FerretDB $VERSION with $("$GO" version) (a few minutes the first time; Go caches the build)"
SRC="$("$GO" mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [[ -z "$SRC" || ! -d "$SRC" ]]; then
  echo "install-ferretdb: go mod download gave no source directory" >&2
  exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -R "$SRC/." "$WORK/src"
chmod -R u+w "$WORK/src"
echo "$VERSION" >"$WORK/src/build/version/version.txt"
mkdir -p "$DEST"
(cd "$WORK/src" && "$GO" build -buildvcs=false -o "$WORK/ferretdb" ./cmd/ferretdb)
mv "$WORK/ferretdb" "$BIN"
has_version "$BIN" || { echo "install-ferretdb: the built binary does not report $VERSION" >&2; exit 1; }
echo "FerretDB $VERSION installed: $BIN"
