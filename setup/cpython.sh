#!/usr/bin/env bash
# Builds the free-threaded CPython that gilfree embeds, once per machine, into
#   ${GILFREE_CACHE:-~/.cache/gilfree}/runtime/<version>t
# and prints that prefix on stdout. Later runs (any clone, any CI job on this
# machine) find it there and return at once.
#
# Source tarball, first route that works:
#   1. GILFREE_CPYTHON_TARBALL   a local .tar.xz/.tgz path (its version wins)
#   2. a tarball already in the cache's downloads/
#   3. Debian trixie's python3.X source package (deb-src, via this machine's mirror)
#   4. python.org
# GILFREE_CPYTHON_VERSION picks the version for routes 2-4 (default below).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

default_version=3.13.5
cache=$(gilfree_cache)
downloads="$cache/downloads"

# Version of a CPython source tarball, read from Include/patchlevel.h inside it.
# Fails on anything that is not a readable CPython source tarball.
tarball_version() {
  tar -xOf "$1" --wildcards '*/Include/patchlevel.h' 2>/dev/null \
    | sed -n 's/^#define[[:space:]]*PY_VERSION[[:space:]]*"\([0-9][0-9.]*\)[^"]*".*/\1/p' | head -n 1 | grep .
}

minor_of() { printf '%s\n' "$1" | cut -d. -f1,2; }

check_supported() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  if [ "$major" -lt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -lt 13 ]; }; then
    die "CPython $1 has no free-threaded build; supply a source tarball of 3.13 or newer (GILFREE_CPYTHON_TARBALL=/path/to/Python-3.13.x.tar.xz)"
  fi
}

routes_tried=()

from_cache() {
  local v=$1 f
  for f in "$downloads/Python-$v.tar.xz" "$downloads/Python-$v.tgz" "$downloads/python$(minor_of "$v")_$v.orig.tar.xz"; do
    if [ -f "$f" ] && [ "$(tarball_version "$f")" = "$v" ]; then printf '%s\n' "$f"; return 0; fi
  done
  routes_tried+=("cache ($downloads: no Python-$v tarball)")
  return 1
}

from_debian() {
  local v=$1 pkg work f
  pkg="python$(minor_of "$v")"
  if ! command -v apt-get >/dev/null; then routes_tried+=("Debian source (no apt-get)"); return 1; fi
  if ! debian_mirror >/dev/null; then routes_tried+=("Debian source (no Debian mirror in /etc/apt)"); return 1; fi
  work=$(mktemp -d "$downloads/debian.XXXXXX")
  say "fetching $pkg source from Debian trixie"
  if ! (cd "$work" && trixie_apt deb-src "$work" -qq source --download-only "$pkg"); then
    routes_tried+=("Debian source (trixie has no $pkg source here, or the archive is unreachable)")
    rm -rf "$work"; return 1
  fi
  for f in "$work"/"${pkg}"_*.orig.tar.xz; do
    [ -f "$f" ] || continue
    if [ "$(tarball_version "$f")" = "$v" ]; then
      mv "$f" "$downloads/" && rm -rf "$work" && printf '%s\n' "$downloads/$(basename "$f")"
      return 0
    fi
    routes_tried+=("Debian source (trixie has $(tarball_version "$f" || echo '?'), not $v)")
    rm -rf "$work"; return 1
  done
  routes_tried+=("Debian source (no orig tarball in the $pkg source package)")
  rm -rf "$work"; return 1
}

from_python_org() {
  local v=$1 url out="$downloads/Python-$1.tar.xz"
  url="https://www.python.org/ftp/python/$v/Python-$v.tar.xz"
  say "downloading $url"
  if command -v curl >/dev/null; then
    curl -fsSL --connect-timeout 15 --retry 1 -o "$out.part" "$url" 2>/dev/null
  elif command -v wget >/dev/null; then
    wget -q --timeout=15 -O "$out.part" "$url"
  else
    routes_tried+=("python.org (neither curl nor wget is installed)"); return 1
  fi
  if [ $? -eq 0 ] && [ "$(tarball_version "$out.part")" = "$v" ]; then
    mv "$out.part" "$out" && printf '%s\n' "$out"; return 0
  fi
  rm -f "$out.part"
  routes_tried+=("python.org ($url unreachable or not a CPython tarball)")
  return 1
}

find_tarball() {
  local v=$1
  from_cache "$v" || from_debian "$v" || from_python_org "$v" || {
    local tried
    tried=$(printf '%s; ' "${routes_tried[@]}")
    die "no CPython $v source found; tried: ${tried%; }. Download Python-$v.tar.xz (python.org) and run again with GILFREE_CPYTHON_TARBALL=/path/to/Python-$v.tar.xz"
  }
}

# configure + make + make install into a staging dir, then one rename into
# place: an interrupted build never leaves a half runtime at the prefix.
build_runtime() {
  local tarball=$1 version=$2 prefix=$3
  local work log jobs
  work=$(mktemp -d "$cache/build.XXXXXX")
  log="$cache/logs/cpython-$version.log"
  mkdir -p "$cache/logs"
  jobs=$(nproc 2>/dev/null || echo 2)
  say "building free-threaded CPython $version (once per machine, about 5 minutes on 2 cores); log: $log"
  if ! (
      set -e
      tar -xf "$tarball" -C "$work"
      cd "$work"/*/
      ./configure --disable-gil --enable-shared --prefix="$prefix" \
        LDFLAGS="-Wl,-rpath,$prefix/lib"
      make -j"$jobs"
      make install DESTDIR="$work/stage"
    ) > "$log" 2>&1; then
    tail -n 15 "$log" >&2
    rm -rf "$work"
    die "building CPython $version failed (full log: $log); install the build dependencies listed by setup/apt.sh and retry"
  fi
  rm -rf "$prefix"
  mkdir -p "$(dirname "$prefix")"
  mv "$work/stage$prefix" "$prefix"
  rm -rf "$work"
  say "CPython $version installed at $prefix"
}

main() {
  local tarball="" version prefix
  mkdir -p "$downloads" || die "cannot create the cache directory $downloads; set GILFREE_CACHE to a writable directory"
  if [ -n "${GILFREE_CPYTHON_TARBALL:-}" ]; then
    tarball=$GILFREE_CPYTHON_TARBALL
    [ -f "$tarball" ] && [ -r "$tarball" ] || die "GILFREE_CPYTHON_TARBALL=$tarball: no such readable file; point it at a CPython source tarball (Python-3.13.x.tar.xz)"
    version=$(tarball_version "$tarball") || die "GILFREE_CPYTHON_TARBALL=$tarball: not a CPython source tarball (corrupt, or no Include/patchlevel.h); download it again"
  else
    version=${GILFREE_CPYTHON_VERSION:-$default_version}
  fi
  check_supported "$version"
  prefix="$cache/runtime/${version}t"
  local python="$prefix/bin/python$(minor_of "$version")t"
  if [ ! -x "$python" ]; then
    with_lock "$cache/runtime/.lock-$version" build_locked "$tarball" "$version" "$prefix" "$python" || exit $?
  else
    say "reusing CPython $version runtime at $prefix"
  fi
  "$here/pytest.sh" "$python" || exit $?
  "$here/build_backends.sh" "$python" || exit $?
  printf '%s\n' "$prefix"
}

build_locked() {
  local tarball=$1 version=$2 prefix=$3 python=$4
  [ -x "$python" ] && return 0    # another process built it while we waited
  [ -n "$tarball" ] || tarball=$(find_tarball "$version") || return $?
  build_runtime "$tarball" "$version" "$prefix"
}

main "$@"
