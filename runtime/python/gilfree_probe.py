"""The Python side of `gilfree inventory`'s extension-module probe.

Runs inside the interpreter being checked (the runtime's python3.13t or
--python), in the free-threaded default GIL mode (PYTHON_GIL unset):

  python gilfree_probe.py list           the interpreter's facts and every
                                         extension module in its site-packages
  python gilfree_probe.py import MODULE  import one module; report whether the
                                         GIL stayed off

Each answer is one line: MARKER followed by JSON, written last, so whatever a
module prints while it is imported cannot be mistaken for the answer.
"""
import importlib
import importlib.machinery
import json
import os
import re
import site
import sys
import sysconfig
import warnings

MARKER = "@@gilfree-probe@@"

# Extension modules built for any CPython/PyPy ABI, including ones this
# interpreter cannot load (a GIL build's cpython-313 next to cpython-313t).
FOREIGN_EXTENSION = re.compile(r"^([A-Za-z_]\w*)\.((?:cpython|pypy|graalpy)[-\w]*|abi3)\.(?:so|pyd)$")


def answer(payload, fd=1):
    sys.stdout.flush()
    os.write(fd, (MARKER + json.dumps(payload) + "\n").encode())


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return True if probe is None else bool(probe())


def site_directories():
    candidates = []
    if hasattr(site, "getsitepackages"):
        candidates.extend(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        candidates.append(site.getusersitepackages())
    paths = sysconfig.get_paths()
    candidates.extend([paths["purelib"], paths["platlib"]])
    seen, found = set(), []
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if real not in seen and os.path.isdir(real):
            seen.add(real)
            found.append(candidate)
    return found


def distributions_by_top_level():
    try:
        from importlib.metadata import packages_distributions
        return packages_distributions()
    except Exception:  # a broken METADATA file must not stop the listing
        return {}


def module_for(filename, suffixes):
    """(module stem, ABI tag, loadable here) for an extension file, else None."""
    for suffix in suffixes:
        stem = filename[: -len(suffix)]
        if filename.endswith(suffix) and stem.isidentifier():
            tag = suffix[1:].rsplit(".", 1)[0] if suffix.count(".") > 1 else ""
            return stem, tag, True
    # Not loadable here: "x.cpython-313-...so" only ends with this interpreter's bare ".so".
    match = FOREIGN_EXTENSION.match(filename)
    return (match.group(1), match.group(2), False) if match else None


def list_modules(site_dir, suffixes, distributions):
    modules = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        relative = os.path.relpath(dirpath, site_dir)
        parts = [] if relative == "." else relative.split(os.sep)
        # Only importable package paths: skips *.dist-info, numpy.libs, etc.
        dirnames[:] = sorted(d for d in dirnames if d.isidentifier() and d != "__pycache__")
        for filename in sorted(filenames):
            found = module_for(filename, suffixes)
            if found is None:
                continue
            stem, tag, loadable = found
            top = parts[0] if parts else stem
            modules.append({
                "module": ".".join(parts + [stem]),
                "file": os.path.join(dirpath, filename),
                "abi_tag": tag,
                "loadable": loadable,
                "distributions": sorted(set(distributions.get(top, []))),
            })
    return modules


def command_list():
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    distributions = distributions_by_top_level()
    directories = site_directories()
    modules = []
    for directory in directories:
        modules.extend(list_modules(directory, suffixes, distributions))
    answer({
        "executable": sys.executable,
        "version": "%d.%d.%d" % sys.version_info[:3],
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil_enabled": gil_enabled(),
        "extension_suffixes": suffixes,
        "site_directories": directories,
        "modules": modules,
    })


def command_import(name):
    # What the module prints goes nowhere: a flood of output must not push the
    # answer past gilfree's output cap. The answer goes to the original stdout.
    answer_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    result = {"module": name, "gil_before": gil_enabled()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            importlib.import_module(name)
            result["imported"] = True
        except BaseException as error:  # SystemExit from a module is an import failure too
            result["imported"] = False
            result["error"] = "%s: %s" % (type(error).__name__, error)
    result["gil_after"] = gil_enabled()
    result["gil_warnings"] = [
        "%s: %s" % (w.category.__name__, w.message)
        for w in caught
        if issubclass(w.category, RuntimeWarning) and "global interpreter lock" in str(w.message)
    ]
    answer(result, answer_fd)
    # Done: a non-daemon thread the module started must not hold the process
    # until the time limit.
    os._exit(0)


def main(argv):
    # The script's own directory must not shadow anything being imported.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    if argv[1:2] == ["list"]:
        command_list()
    elif len(argv) == 3 and argv[1] == "import":
        command_import(argv[2])
    else:
        sys.stderr.write("usage: gilfree_probe.py list | import MODULE\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
