#!/usr/bin/env bash
# `pip install . --no-build-isolation --no-index` into a fresh venv made from the
# system's python3 with --system-site-packages (scikit-build-core from Debian,
# setup/pip_backend.sh): the venv's bin/gilfree must work on its own data
# (<venv>/share/gilfree), run from a directory outside the checkout.
# Usage: pip_install.sh SOURCE_DIR
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
src=${1:?usage: pip_install.sh SOURCE_DIR}

/usr/bin/python3 -m venv --system-site-packages "$work/venv" || { echo "FAIL: python3 -m venv"; exit 1; }
echo "pip install $src (a full build; log: $work/pip.log)"
if ! (cd "$work" && "$work/venv/bin/python" -m pip install --no-build-isolation --no-index -v "$src") > "$work/pip.log" 2>&1; then
  tail -n 40 "$work/pip.log"; echo "FAIL: pip install"; exit 1
fi
expect "pip installed bin/gilfree into the venv" 0 "" -- test -x "$work/venv/bin/gilfree"
expect "pip knows the distribution" 0 "^Name: gilfree" -- "$work/venv/bin/python" -m pip show gilfree
mkdir -p "$work/elsewhere"
check_installed_gilfree "$work/venv/bin/gilfree" "$work/elsewhere" "$work/venv/share/gilfree"
expect "pip uninstall removes it" 0 "" -- "$work/venv/bin/python" -m pip uninstall -y gilfree
expect "no gilfree left" 1 "" -- test -e "$work/venv/bin/gilfree"
finish
