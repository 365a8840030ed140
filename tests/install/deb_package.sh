#!/usr/bin/env bash
# `cpack -G DEB` on BUILD_DIR: the package's dependencies must resolve on this
# system (apt-get --simulate), and its tree, unpacked anywhere (dpkg-deb -x),
# must run from there on its own usr/share/gilfree.
# Usage: deb_package.sh BUILD_DIR
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
build=${1:?usage: deb_package.sh BUILD_DIR}

(cd "$build" && cpack -G DEB -B "$work/packages") > "$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; echo "FAIL: cpack -G DEB"; exit 1; }
deb=$(ls "$work"/packages/gilfree_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { cat "$work/cpack.log"; echo "FAIL: no .deb written"; exit 1; }
expect "the package installs bin/gilfree" 0 "\./usr/bin/gilfree$" -- dpkg-deb -c "$deb"
expect "and its data" 0 "\./usr/share/gilfree/rules/python/FT001\.yaml$" -- dpkg-deb -c "$deb"
expect "its dependencies name the libraries gilfree links" 0 "Depends:.*libgit2" -- dpkg-deb -I "$deb"
expect "apt can install it here" 0 "Inst gilfree" -- apt-get install --simulate -q "$deb"
dpkg-deb -x "$deb" "$work/root"
mkdir -p "$work/elsewhere"
check_installed_gilfree "$work/root/usr/bin/gilfree" "$work/elsewhere" "$work/root/usr/share/gilfree"
finish
