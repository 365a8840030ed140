#!/usr/bin/env bash
# Installs the Debian packages gilfree builds with, only those missing.
# Arguments replace the default package list (used by the tests).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(
    # the C++ build
    cmake g++ make pkg-config ninja-build libcli11-dev libgit2-dev libyaml-cpp-dev
    libtree-sitter-dev catch2 nlohmann-json3-dev libfmt-dev libre2-dev libsqlite3-dev
    libtomlplusplus-dev libjemalloc-dev
    # fetching sources: CPython tarball, grammar
    xz-utils curl ca-certificates git
    # CPython's own build dependencies, for a runtime with ssl, ctypes, sqlite3...
    zlib1g-dev libssl-dev libffi-dev libbz2-dev liblzma-dev libreadline-dev uuid-dev
    libncurses-dev libgdbm-dev
    # the end-to-end test that renders the HTML report in a real browser
    chromium
    # the end-to-end test that validates SARIF output against the official schema
    python3-jsonschema
    # the end-to-end test that reads the CI recipe (docs/ci.md, action.yml)
    python3-yaml
    # the .deb (cpack runs dpkg-shlibdeps) and the pre-commit framework's hook tests
    dpkg-dev pre-commit
  )
  # npm ships inside some Node.js packages that conflict with Debian's npm:
  # only the command matters.
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  die "missing Debian packages; run: sudo apt-get install -y ${missing[*]}"
fi
log=$(mktemp)
say "installing ${missing[*]} (apt log: $log)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" > "$log" 2>&1 \
  || { apt-get update -qq >> "$log" 2>&1 && apt-get install -y -qq "${missing[@]}" >> "$log" 2>&1; } \
  || { tail -n 5 "$log" >&2; die "apt-get install failed for: ${missing[*]} (is the Debian archive reachable? log: $log); install them and retry"; }
