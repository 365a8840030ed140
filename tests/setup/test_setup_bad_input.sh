#!/usr/bin/env bash
# The set-up scripts on bad input: each problem is one clear line and exit 2.
# Usage: test_setup_bad_input.sh SOURCE_DIR
set -uo pipefail
src=${1:?source dir}
setup="$src/setup"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect NAME EXPECTED_EXIT PATTERN -- command...
expect() {
  local name=$1 code=$2 pattern=$3; shift 4
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL $name: exit $rc, expected $code; stderr: $err"; failures=$((failures+1)); return
  fi
  local last
  last=$(printf '%s\n' "$err" | tail -n 1)
  if ! printf '%s\n' "$last" | grep -qE "$pattern"; then
    echo "FAIL $name: last line does not match /$pattern/: $last"; failures=$((failures+1)); return
  fi
  echo "ok   $name: $last"
}

# A fresh, empty cache for each case, so nothing real is reused or damaged.
export GILFREE_CACHE="$work/cache"

expect "missing tarball" 2 "GILFREE_CPYTHON_TARBALL=.*no such readable file" -- \
  env GILFREE_CPYTHON_TARBALL="$work/nope.tar.xz" "$setup/cpython.sh"

head -c 4096 /dev/urandom > "$work/corrupt.tar.xz"
expect "corrupt tarball" 2 "not a CPython source tarball" -- \
  env GILFREE_CPYTHON_TARBALL="$work/corrupt.tar.xz" "$setup/cpython.sh"

mkdir -p "$work/Python-3.12.0/Include"
printf '#define PY_VERSION "3.12.0"\n' > "$work/Python-3.12.0/Include/patchlevel.h"
tar -cJf "$work/Python-3.12.0.tar.xz" -C "$work" Python-3.12.0
expect "too old" 2 "no free-threaded build" -- \
  env GILFREE_CPYTHON_TARBALL="$work/Python-3.12.0.tar.xz" "$setup/cpython.sh"

# No route has this version: the Debian archive has another one and python.org is
# not reachable from here (or has no such release): every route is named.
expect "no source anywhere" 2 "tried: cache.*Debian source.*python.org.*GILFREE_CPYTHON_TARBALL" -- \
  env GILFREE_CPYTHON_VERSION=3.13.99 "$setup/cpython.sh"

# Not root and a package is missing: the exact command to run.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
  expect "no root for apt" 2 "run: sudo apt-get install -y gilfree-no-such-package" -- \
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$setup/apt.sh" gilfree-no-such-package
fi
expect "apt cannot install" 2 "apt-get install failed for: gilfree-no-such-package" -- \
  "$setup/apt.sh" gilfree-no-such-package

expect "npm cannot fetch a grammar" 2 "npm pack tree-sitter-gilfree-nonexistent@0.0.1 failed" -- \
  "$setup/grammar.sh" tree-sitter-gilfree-nonexistent 0.0.1

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
