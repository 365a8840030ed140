#!/usr/bin/env bash
# The real pre-commit framework installs the hook from a local clone of this
# repository with language: python (.pre-commit-hooks.yaml): it pip-installs
# gilfree into the hook's own virtualenv and runs `gilfree hook run FILE...`.
# Offline, pip is told what `pip install . --no-build-isolation --no-index` says
# (PIP_* variables) and virtualenv to see the system's scikit-build-core.
# Usage: pre_commit_python.sh SOURCE_DIR
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
src=${1:?usage: pre_commit_python.sh SOURCE_DIR}
command -v pre-commit >/dev/null || { echo "FAIL: pre-commit is not installed (apt-get install pre-commit)"; exit 1; }
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
# Not HOME: the build must find (and reuse) the runtime in the user's ~/.cache/gilfree.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig"

# The hook repository: this work tree as it is (tracked and new files), committed.
mkdir -p "$work/hooks"
(cd "$src" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
  | tar --null -T - -cf -) | tar -xf - -C "$work/hooks"
git -C "$work/hooks" init -q && git -C "$work/hooks" add -A && git -C "$work/hooks" commit -qm hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)
grep -q '^  language: python$' "$work/hooks/.pre-commit-hooks.yaml" || { echo "FAIL: the manifest is not language: python"; exit 1; }

mkdir -p "$work/project"
git -C "$work/project" init -q
write_racy_module "$work/project/counter.py"
cat > "$work/project/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: gilfree
YAML
git -C "$work/project" add -A

export PRE_COMMIT_HOME="$work/pre-commit-home" PIP_NO_INDEX=1 PIP_NO_BUILD_ISOLATION=0 VIRTUALENV_SYSTEM_SITE_PACKAGES=1
echo "pre-commit installs the hook (pip builds gilfree; log: $work/install.log)"
if ! (cd "$work/project" && pre-commit install-hooks) > "$work/install.log" 2>&1; then
  tail -n 40 "$work/install.log"; [ -f "$PRE_COMMIT_HOME/pre-commit.log" ] && tail -n 60 "$PRE_COMMIT_HOME/pre-commit.log"
  echo "FAIL: pre-commit install-hooks"; exit 1
fi
expect "the hook's environment has its own gilfree" 0 "/bin/gilfree$" -- \
  bash -c "ls -d '$PRE_COMMIT_HOME'/repo*/py_env-*/bin/gilfree"
expect "pre-commit blocks the racy file" 1 "counter.py:7:5: FT001" -- \
  bash -c "cd '$work/project' && pre-commit run --color never --all-files"
sed -i 's/^    count += 1$/    with lock:\n        count += 1/; s/^count = 0$/count = 0\nlock = threading.Lock()/' "$work/project/counter.py"
git -C "$work/project" add -A
expect "pre-commit passes it with the lock" 0 "gilfree.*Passed" -- \
  bash -c "cd '$work/project' && pre-commit run --color never --all-files"
expect "a commit runs the hook too" 0 "gilfree.*Passed" -- \
  bash -c "cd '$work/project' && pre-commit install >/dev/null && git commit -qm locked"
finish
