#!/usr/bin/env bash
# The idempotent set-up step behind `make build/test/demo`: Debian packages,
# the tree-sitter grammars (Python; C for extension sources), the free-threaded runtime and the
# build backend of pip installs (scikit-build-core), then a CMake
# cache file telling the build where the grammars and the runtime are. Fast when all is there.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
out=${1:?usage: all.sh BUILD_DIR/setup.cmake}

"$here/apt.sh" || exit $?
python_grammar=$("$here/grammar.sh" tree-sitter-python 0.23.6) || exit $?
c_grammar=$("$here/grammar.sh" tree-sitter-c 0.23.4) || exit $?
tree_sitter_core=$("$here/grammar.sh" tree-sitter 0.25.0) || exit $?
sarif_schema=$("$here/grammar.sh" @microsoft/jest-sarif 1.0.0-beta.0) || exit $?
runtime=$("$here/cpython.sh") || exit $?
"$here/pip_backend.sh" || exit $?

mkdir -p "$(dirname "$out")"
cat > "$out.tmp" <<CMAKE
set(GILFREE_PYTHON_GRAMMAR_DIR "$python_grammar" CACHE PATH "" FORCE)
set(GILFREE_C_GRAMMAR_DIR "$c_grammar" CACHE PATH "" FORCE)
set(GILFREE_TREE_SITTER_CORE_DIR "$tree_sitter_core" CACHE PATH "" FORCE)
set(GILFREE_RUNTIME_PREFIX "$runtime" CACHE PATH "" FORCE)
set(GILFREE_SARIF_SCHEMA "$sarif_schema" CACHE FILEPATH "" FORCE)
CMAKE
mv "$out.tmp" "$out"
