# Shared by the install and packaging tests. Sourced, never run.
# Each check prints "ok"/"FAIL"; finish prints the count and sets the exit status.
# $work is a fresh directory, removed when the script exits.
failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect NAME EXPECTED_EXIT PATTERN -- command...: the command's exit status, and
# PATTERN (grep -E) somewhere in its stdout+stderr.
expect() {
  local name=$1 code=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ]; then
    printf 'FAIL %s: exit %s, expected %s; output:\n%s\n' "$name" "$rc" "$code" "$out"; failures=$((failures+1)); return
  fi
  if ! printf '%s\n' "$out" | grep -qE -- "$pattern"; then
    printf 'FAIL %s: no /%s/ in:\n%s\n' "$name" "$pattern" "$out"; failures=$((failures+1)); return
  fi
  printf 'ok   %s\n' "$name"
}

# A project with one racy module, for scans and hooks.
write_racy_module() {
  cat > "$1" <<'PY'
import threading

count = 0

def bump():
    global count
    count += 1

threading.Thread(target=bump).start()
PY
}

# The commands of a working gilfree, run from $2 (outside the checkout) with the
# binary $1; the doctor's data dir must be $3.
check_installed_gilfree() {
  local gilfree=$1 cwd=$2 data=$3
  write_racy_module "$cwd/racy.py"
  expect "rules test" 0 "" -- bash -c "cd '$cwd' && '$gilfree' rules test"
  expect "scan finds FT001" 1 "racy.py:7:5: FT001" -- bash -c "cd '$cwd' && '$gilfree' scan racy.py"
  expect "doctor: usable, data from $data" 0 "^data +$data " -- bash -c "cd '$cwd' && '$gilfree' doctor"
}

finish() {
  [ "$failures" -eq 0 ] && { echo "all checks passed"; exit 0; }
  echo "$failures check(s) failed"; exit 1
}
