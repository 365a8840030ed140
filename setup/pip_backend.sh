#!/usr/bin/env bash
# Makes scikit-build-core (the build backend of pyproject.toml) importable by the
# system's python3, so that `pip install . --no-build-isolation --no-index` in a
# venv made with --system-site-packages (and the pre-commit framework's hook
# install, configured the same way) builds gilfree without a package index.
# Debian's python3-scikit-build-core where this release has it; otherwise
# Debian trixie's (Architecture: all; its dependencies are this release's).
# Best effort: only pip installs need it, so a failure here only warns.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

python=${1:-/usr/bin/python3}
package=python3-scikit-build-core

# trixie's scikit-build-core (0.11) needs packaging >= 24 (packaging.utils.InvalidName);
# bookworm's python3-packaging is 23.0 and nothing else installed here depends on it.
packaging_recent() { "$python" -c 'import packaging.utils; packaging.utils.InvalidName' >/dev/null 2>&1; }
importable() { "$python" -c 'import scikit_build_core.build' >/dev/null 2>&1 && packaging_recent; }

apt_install() {
  local log
  log=$(mktemp)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > "$log" 2>&1 && { rm -f "$log"; return 0; }
  tail -n 3 "$log" >&2
  return 1
}

from_this_release() {
  # madison lists what the archives offer, not a package installed from elsewhere.
  [ -n "$(apt-cache madison "$package" 2>/dev/null)" ] || return 1
  say "installing $package"
  apt_install "$package"
}

from_trixie() {
  local work packages=("$package")
  packaging_recent || packages+=(python3-packaging)
  say "installing ${packages[*]} from Debian trixie (this release has no $package)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && trixie_apt deb "$work" -qq download "${packages[@]}") || return 1
  apt_install "$work"/*.deb
}

importable && exit 0
if [ "$(id -u)" -ne 0 ]; then
  say "warning: scikit-build-core is not importable by $python; for offline pip installs of gilfree run: sudo apt-get install $package (or pip install scikit-build-core)"
  exit 0
fi
{ from_this_release || from_trixie; } && importable && exit 0
say "warning: scikit-build-core could not be installed for $python; 'pip install .' then needs a package index"
exit 0
