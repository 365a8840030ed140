#!/usr/bin/env bash
# Fetches a tree-sitter grammar's sources, pinned, into the cache with
# `npm pack` (npm's own configured registry) and prints the directory holding
# parser.c (and scanner.c when the grammar has one).
#   grammar.sh NAME VERSION      e.g. grammar.sh tree-sitter-python 0.23.6
# The pinned grammars are ABI 14: both cores gilfree uses load them (the compiled-in
# tree-sitter 0.25.0 for Python, bookworm's libtree-sitter 0.20.7 for C sources).
# `grammar.sh tree-sitter 0.25.0` fetches the core itself the same way and
# prints its C library directory (vendor/tree-sitter/lib: src/lib.c, include/);
# `grammar.sh @microsoft/jest-sarif 1.0.0-beta.0` fetches the package that ships
# the official SARIF 2.1.0 schema (the tests validate gilfree's SARIF with it) and
# prints the schema file.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

name=${1:?usage: grammar.sh NAME VERSION}
version=${2:?usage: grammar.sh NAME VERSION}
dir="$(gilfree_cache)/grammar/${name//\//+}-$version"
wanted=src marker=src/parser.c
[ "$name" = tree-sitter ] && wanted=vendor/tree-sitter/lib marker=vendor/tree-sitter/lib/src/lib.c
[ "$name" = @microsoft/jest-sarif ] && wanted=lib/schemas/sarif-2.1.0-rtm.5.json marker=$wanted

fetch() {
  [ -f "$dir/$marker" ] && return 0
  command -v npm >/dev/null || die "npm is not installed; run: apt-get install -y npm (needed once to fetch the $name grammar)"
  local work
  work=$(mktemp -d)
  say "fetching $name $version with npm pack"
  if ! (cd "$work" && npm pack --silent "$name@$version" >"$work/npm.out" 2>"$work/npm.err"); then
    tail -n 3 "$work/npm.err" >&2
    rm -rf "$work"
    die "npm pack $name@$version failed (is the npm registry reachable?); place the package's src/ in $dir/src and retry"
  fi
  # npm names the tarball (a scoped @a/b is a-b-VERSION.tgz) on its last line.
  tar -xzf "$work/$(tail -n 1 "$work/npm.out")" -C "$work" || die "the $name tarball from npm is corrupt; retry"
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir" && mv "$work/package" "$dir"
  rm -rf "$work"
}

with_lock "$(gilfree_cache)/grammar/.lock" fetch || exit $?
[ -f "$dir/$marker" ] || die "$name $version from npm has no $marker"
printf '%s\n' "$dir/$wanted"
