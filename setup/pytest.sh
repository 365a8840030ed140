#!/usr/bin/env bash
# Makes pytest importable in the runtime whose interpreter is $1.
# pip where a package index answers; otherwise Debian trixie's pure-Python
# packages (Architecture: all), unpacked into the runtime's site-packages.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

python=$1
debian_packages=(python3-pytest python3-pluggy python3-iniconfig python3-packaging)

importable() { "$python" -c 'import pytest' >/dev/null 2>&1; }

via_pip() {
  say "trying pip install pytest"
  "$python" -m pip install -q --disable-pip-version-check --timeout 10 --retries 0 pytest >&2 2>/dev/null
}

via_debian() {
  local work site deb
  say "no package index answered pip; installing pytest from Debian trixie's pure-Python packages"
  site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') || return 1
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  debian_pure_python "$work" "${debian_packages[@]}" || return 1
  cp -r "$work"/root/usr/lib/python3/dist-packages/. "$site/"
}

importable && exit 0
via_pip && importable && exit 0
via_debian && importable && exit 0
die "pytest could not be installed into $python (no package index answered and Debian's python3-pytest could not be downloaded); run: $python -m pip install pytest"
