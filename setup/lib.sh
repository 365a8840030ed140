# Shared helpers for the setup scripts. Sourced, never run.
# Progress goes to stderr; a script's stdout carries only its result.

say() { printf 'gilfree setup: %s\n' "$*" >&2; }

# A user-fixable problem: one line, exit 2 (the project's error convention).
die() { printf 'gilfree setup: error: %s\n' "$*" >&2; exit 2; }

gilfree_cache() { printf '%s\n' "${GILFREE_CACHE:-$HOME/.cache/gilfree}"; }

# The Debian archive this machine already uses, read from its apt configuration
# so that no registry host name is written into the repository.
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    while read -r uri; do
      case "$uri" in */debian|*/debian/) printf '%s\n' "$uri"; return 0 ;; esac
    done < <(sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n')
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f" \
          | grep -E '/debian/?$' | head -n 1)
    [ -n "$uri" ] && { printf '%s\n' "$uri"; return 0; }
  done
  return 1
}

# apt-get with a private source list for Debian trixie, leaving the machine's own
# apt configuration untouched. Usage: trixie_apt deb|deb-src WORKDIR apt-get-args...
trixie_apt() {
  local kind=$1 work=$2; shift 2
  local mirror
  mirror=$(debian_mirror) || return 1
  mkdir -p "$work/lists/partial"
  printf '%s %s trixie main\n' "$kind" "$mirror" > "$work/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  if [ ! -e "$work/lists/.updated" ]; then
    apt-get "${opts[@]}" -qq update >&2 || return 1
    touch "$work/lists/.updated"
  fi
  apt-get "${opts[@]}" "$@" >&2
}

# Run a command while holding an exclusive lock, so two clones building at
# once do not build the same thing twice or trample each other.
with_lock() {
  local lock=$1; shift
  mkdir -p "$(dirname "$lock")"
  exec {lockfd}>"$lock"
  flock "$lockfd"
  "$@"
  local rc=$?
  exec {lockfd}>&-
  return $rc
}

# Downloads Debian trixie's .deb files of the named pure-Python packages and
# unpacks them under WORK/root; their modules land in WORK/root/usr/lib/python3/dist-packages.
debian_pure_python() {
  local work=$1 deb; shift
  (cd "$work" && trixie_apt deb "$work" -qq download "$@") || return 1
  for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$work/root" || return 1
  done
}
