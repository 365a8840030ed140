#!/usr/bin/env bash
# Fetches the tree-sitter-python grammar sources, pinned, into the cache with
# `npm pack` (npm's own configured registry) and prints the directory holding
# parser.c and scanner.c. Grammar 0.23.6 is ABI 14, which bookworm's
# libtree-sitter 0.20.7 loads.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

version=0.23.6
dir="$(gilfree_cache)/grammar/tree-sitter-python-$version"

fetch() {
  [ -f "$dir/src/parser.c" ] && return 0
  command -v npm >/dev/null || die "npm is not installed; run: apt-get install -y npm (needed once to fetch the tree-sitter-python grammar)"
  local work
  work=$(mktemp -d)
  say "fetching tree-sitter-python $version with npm pack"
  if ! (cd "$work" && npm pack --silent "tree-sitter-python@$version" >/dev/null 2>"$work/npm.err"); then
    tail -n 3 "$work/npm.err" >&2
    rm -rf "$work"
    die "npm pack tree-sitter-python@$version failed (is the npm registry reachable?); place the package's src/ in $dir/src and retry"
  fi
  tar -xzf "$work"/tree-sitter-python-*.tgz -C "$work" || die "the tree-sitter-python tarball from npm is corrupt; retry"
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir" && mv "$work/package" "$dir"
  rm -rf "$work"
}

with_lock "$(gilfree_cache)/grammar/.lock" fetch || exit $?
printf '%s\n' "$dir/src"
