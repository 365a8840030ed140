#!/usr/bin/env bash
# `make demo`: the same 4-thread shared counter under the embedded runtime with
# the GIL forced on, then forced off.
set -euo pipefail
gilfree=${1:-build/gilfree}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

echo "== $gilfree doctor"
"$gilfree" doctor | sed -n '1,8p'
echo
echo "== 4 threads doing 'counter += 1' on a shared global (examples/counter/lost_updates.py)"
echo "\$ gilfree python --gil on  examples/counter/lost_updates.py"
"$gilfree" python --gil on "$here/counter/lost_updates.py"
echo "\$ gilfree python --gil off examples/counter/lost_updates.py"
"$gilfree" python --gil off "$here/counter/lost_updates.py"
echo
echo "With the GIL off, threads run at once and 'counter += 1' (read, add, write) loses updates."
