#!/usr/bin/env bash
# The idempotent set-up step behind `make build/test/demo`: Debian packages,
# the tree-sitter-python grammar and the free-threaded runtime, then a CMake
# cache file telling the build where the last two are. Fast when all is there.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
out=${1:?usage: all.sh BUILD_DIR/setup.cmake}

"$here/apt.sh" || exit $?
grammar=$("$here/grammar.sh") || exit $?
runtime=$("$here/cpython.sh") || exit $?

mkdir -p "$(dirname "$out")"
cat > "$out.tmp" <<CMAKE
set(GILFREE_GRAMMAR_DIR "$grammar" CACHE PATH "" FORCE)
set(GILFREE_RUNTIME_PREFIX "$runtime" CACHE PATH "" FORCE)
CMAKE
mv "$out.tmp" "$out"
