"""Checks the CI recipe against the real gilfree: the workflows in docs/ci.md and
the composite action.yml must run only `gilfree scan` options that
`gilfree scan --help` (read from stdin) lists, upload the SARIF file the scan
writes, scan only changed lines on pull requests, and cache the runtime keyed by
its build recipe. Prints one line per problem; exit 1 when there is any.

Usage: python3 check_ci_recipe.py ACTION_YML CI_MD < scan-help.txt
"""
import re
import shlex
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def help_flags(text):
    flags = set()
    for line in text.splitlines():
        match = re.match(r"\s+(-\S+)", line)
        if match:
            flags.update(part for part in match.group(1).split(",") if part.startswith("-"))
    return flags


def words(text):
    return shlex.split(EXPRESSION.sub("EXPR", text), comments=True)


def scan_invocations(script):
    """Each `gilfree scan ...` line's words after `scan`, and the words put in `scan_args` arrays."""
    found = []
    for line in script.splitlines():
        at = line.find("gilfree scan")
        if at >= 0:
            found.append(words(line[at + len("gilfree scan"):]))
        array = re.search(r"scan_args\+?=\((.*?)\)", line)
        if array:
            found.append(words(array.group(1)))
    return found


def flags_of(argv):
    return [word.split("=")[0] for word in argv if word.startswith("-") and word != "-"]


def sarif_targets(argv):
    return [argv[i + 1] for i, word in enumerate(argv[:-1]) if word in ("-o", "--output-file")]


def check_steps(name, steps, known, problems, action_inputs):
    """Returns (the SARIF files the steps write, the ones they upload, whether --diff and caching are there)."""
    written, uploaded, diff, cached = set(), set(), False, False
    cache_key_steps = {step.get("id"): step for step in steps if step.get("id")}
    for step in steps:
        script = step.get("run", "")
        for argv in scan_invocations(script):
            for flag in flags_of(argv):
                if flag not in known:
                    problems.append(f"{name}: `gilfree scan {' '.join(argv)}` uses {flag}, which `gilfree scan --help` does not list")
            written.update(sarif_targets(argv))
            diff = diff or "--diff" in argv
        uses = step.get("uses", "")
        inputs = step.get("with", {}) or {}
        if uses.startswith("gilfree/gilfree@"):
            for key in inputs:
                if key not in action_inputs:
                    problems.append(f"{name}: the action has no input {key!r}")
            argv = words(str(inputs.get("args", "")))
            for flag in flags_of(argv):
                if flag not in known:
                    problems.append(f"{name}: args {' '.join(argv)!r} use {flag}, which `gilfree scan --help` does not list")
            diff = diff or "--diff" in argv
            if inputs.get("sarif"):
                written.add(inputs["sarif"])
            cached = True  # the action caches the runtime itself (checked on action.yml)
        if uses.startswith("github/codeql-action/upload-sarif@"):
            uploaded.add(inputs.get("sarif_file"))
            if step.get("if") != "always()":
                problems.append(f"{name}: upload-sarif must run `if: always()`: a scan with findings exits 1")
        if uses.startswith("actions/cache@"):
            key = str(inputs.get("key", ""))
            referenced = re.findall(r"steps\.([\w-]+)\.outputs", key)
            recipe = "cpython.sh" in key or any("cpython.sh" in cache_key_steps.get(r, {}).get("run", "") for r in referenced)
            if inputs.get("path") != "~/.cache/gilfree" or not recipe:
                problems.append(f"{name}: the cache must hold ~/.cache/gilfree keyed by setup/cpython.sh")
            cached = True
    return written, uploaded, diff, cached


def main():
    action_path, ci_md_path = sys.argv[1:3]
    known = help_flags(sys.stdin.read())
    problems = []
    if "--format" not in known:
        problems.append("could not read the flags of `gilfree scan --help`")
    action = yaml.safe_load(open(action_path, encoding="utf-8"))
    action_inputs = set(action.get("inputs", {}))
    if action.get("runs", {}).get("using") != "composite":
        problems.append("action.yml: not a composite action")
    for name in re.findall(r"\$\{\{\s*inputs\.([\w-]+)", open(action_path, encoding="utf-8").read()):
        if name not in action_inputs:
            problems.append(f"action.yml: uses the undeclared input {name!r}")
    for required in ("args", "sarif"):
        if required not in action_inputs:
            problems.append(f"action.yml: no {required!r} input")
    written, _, _, cached = check_steps("action.yml", action["runs"]["steps"], known, problems, action_inputs)
    if not cached:
        problems.append("action.yml: does not cache the runtime")

    blocks = re.findall(r"```yaml\n(.*?)```", open(ci_md_path, encoding="utf-8").read(), re.S)
    workflows = [yaml.safe_load(block) for block in blocks]
    workflows = [w for w in workflows if isinstance(w, dict) and "jobs" in w]
    if len(workflows) < 2:
        problems.append(f"docs/ci.md: expected the full workflow and the one with the action, found {len(workflows)}")
    for number, workflow in enumerate(workflows, 1):
        name = f"docs/ci.md workflow {number}"
        triggers = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as True
        if "pull_request" not in (triggers or {}):
            problems.append(f"{name}: does not run on pull requests")
        for job_name, job in workflow["jobs"].items():
            written, uploaded, diff, cached = check_steps(f"{name} job {job_name}", job["steps"], known, problems, action_inputs)
            if not uploaded or not uploaded <= written:
                problems.append(f"{name}: uploads {sorted(map(str, uploaded))} but the scan writes {sorted(written)}")
            if not diff:
                problems.append(f"{name}: no --diff for pull requests")
            if not cached:
                problems.append(f"{name}: no runtime cache")
        if "security-events" not in (workflow.get("permissions") or {}):
            problems.append(f"{name}: upload-sarif needs `permissions: security-events: write`")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
