#!/usr/bin/env bash
# Makes the build backends (setuptools, wheel, hatchling, flit_core, setuptools_scm,
# hatch-vcs) and hypothesis importable in the runtime whose interpreter is $1, so that
# `gilfree run` can install a project editable without a package index, and suites that
# need hypothesis run. pip where a package index answers; otherwise Debian trixie's
# pure-Python packages (Architecture: all), unpacked into the runtime's site-packages,
# as pytest.sh does. Best effort: without them `gilfree run` puts a project's import
# root on sys.path instead of installing it, so a failure here only warns.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

python=$1
modules=(setuptools wheel hatchling flit_core setuptools_scm hatch_vcs hypothesis)
pip_names=(setuptools wheel hatchling flit_core setuptools_scm hatch-vcs hypothesis)
# Debian unvendors setuptools' and hatchling's own dependencies: they come along.
debian_packages=(
  python3-setuptools python3-pkg-resources python3-jaraco.text python3-jaraco.context
  python3-jaraco.functools python3-autocommand python3-inflect python3-more-itertools
  python3-typeguard python3-typing-extensions python3-zipp
  python3-wheel python3-hatchling python3-pathspec python3-trove-classifiers
  python3-editables python3-pyproject-metadata flit python3-setuptools-scm python3-hatch-vcs
  python3-hypothesis python3-attr python3-sortedcontainers python3-dateutil python3-six
)

importable() {
  local module
  for module in "${modules[@]}"; do
    "$python" -c "import $module" >/dev/null 2>&1 || return 1
  done
}

via_pip() {
  say "trying pip install ${pip_names[*]}"
  "$python" -m pip install -q --disable-pip-version-check --timeout 10 --retries 0 "${pip_names[@]}" >&2 2>/dev/null
}

via_debian() {
  local work site deb
  say "no package index answered pip; installing build backends and hypothesis from Debian trixie's pure-Python packages"
  site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') || return 1
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  debian_pure_python "$work" "${debian_packages[@]}" || return 1
  # Only the importable packages: flit's own command-line tool needs docutils and requests.
  rm -rf "$work"/root/usr/lib/python3/dist-packages/flit "$work"/root/usr/lib/python3/dist-packages/flit-*
  cp -r "$work"/root/usr/lib/python3/dist-packages/. "$site/"
}

# Debian patches setuptools' install_lib/install_egg_info to read an "install_layout"
# option that only Debian's own Python's install command has; upstream has no such layout.
debian_fixups() {
  local install
  install=$("$python" -c 'import setuptools._distutils.command.install as m; print(m.__file__)' 2>/dev/null) || return 0
  grep -q 'install_layout' "$install" && return 0
  grep -rq 'install_layout' "$(dirname "$install")/../../command/install_lib.py" 2>/dev/null || return 0
  printf '\n# gilfree setup: Debian'"'"'s setuptools asks for this option; no layout is upstream'"'"'s default.\ninstall.install_layout = None\ninstall.multiarch = None\ninstall.prefix_option = None\n' >> "$install"
}

importable && { debian_fixups; exit 0; }
via_pip && importable && exit 0
via_debian && importable && { debian_fixups; exit 0; }
say "warning: build backends could not be installed into $python; gilfree run will put projects on sys.path instead of installing them (run: $python -m pip install ${pip_names[*]})"
exit 0
