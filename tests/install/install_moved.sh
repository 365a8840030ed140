#!/usr/bin/env bash
# The end-to-end suite once more, against an installed copy: `cmake --install`
# into a temporary prefix, the prefix moved, then every `e2e:` test of BUILD_DIR
# run by ctest with GILFREE_E2E_BINARY naming the moved copy's gilfree (the
# tests' support runs that binary instead of the build tree's).
# Usage: install_moved.sh BUILD_DIR
set -uo pipefail
build=${1:?usage: install_moved.sh BUILD_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The bad-input tests run the binary as nobody: the prefix must be readable.
chmod 755 "$work"

cmake --install "$build" --prefix "$work/first" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "FAIL: cmake --install"; exit 1; }
mkdir -p "$work/moved"
mv "$work/first" "$work/moved/prefix"
export GILFREE_E2E_BINARY="$work/moved/prefix/bin/gilfree"
echo "running the e2e tests against $GILFREE_E2E_BINARY"

# e2e:install: installs the build tree itself; the rest all run the moved copy.
# (catch_discover_tests drops the space of the "e2e: " prefix.) No tests found is a failure.
cd "$work" && ctest --test-dir "$build" -R '^e2e: ?' -E '^e2e: ?install: ' -j 2 --no-tests=error --output-on-failure
