"""Shared child-side machinery of `gilfree run` (pytest plugin and unittest runner).

The driver (gilfree, C++) starts one child per mode and talks to it through
environment variables only, so nothing is installed into the user's environment:

  GILFREE_RESULTS   JSON-lines file; the child appends one line per event and
                    flushes it, so a crash loses nothing already reported. Tests
                    that already have a result line in it are skipped, which is
                    how the driver resumes after the test in flight crashed.
  GILFREE_STACKS    file for faulthandler (crash tracebacks, hang stack dumps)
  GILFREE_TIMEOUT   per-test timeout in seconds (the driver times the tests)
  GILFREE_DUMP_SIGNAL  signal number on which faulthandler dumps every thread's stack:
                    the driver sends it when a test overruns, and kills the child shortly after
  GILFREE_ROOT      project root: only files under it are recorded as touched
  GILFREE_THREADS   run each test body in this many threads behind a barrier
  GILFREE_SHARD     "K/N": keep the tests whose crc32(id) % N == K - 1
  GILFREE_ONLY      file of test ids, one a line: run only these (the driver re-runs
                    the tests that failed after a suspected polluter in a fresh child)
  GILFREE_MODE      gil, nogil or default; modules re-enabling the GIL are
                    looked for in default mode only (the forced modes ignore them)
"""

import faulthandler
import inspect
import json
import os
import sys
import threading
import time
import traceback
import zlib

ERROR_TEXT_LIMIT = 8000


def _env_int(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


class ResultStream:
    """Appends one JSON line per event to GILFREE_RESULTS, flushed at once."""

    def __init__(self):
        self.path = os.environ.get("GILFREE_RESULTS")
        self.done = set()
        if self.path and os.path.exists(self.path):
            with open(self.path, encoding="utf-8", errors="replace") as previous:
                for line in previous:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue  # a line cut short by a crash
                    if event.get("event") == "result":
                        self.done.add(event.get("id"))
        self._file = open(self.path, "a", encoding="utf-8") if self.path else None
        self._lock = threading.Lock()

    def write(self, **event):
        if self._file is None:
            return
        line = json.dumps(clean_text(event), ensure_ascii=False) + "\n"
        with self._lock:
            self._file.write(line)
            self._file.flush()


def clean_text(value):
    """The value with lone surrogates (undecodable names, bytes decoded with
    surrogateescape) spelled out as \\udcXX text, so every line is valid UTF-8 JSON."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {key: clean_text(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_text(item) for item in value]
    return value


_only = None


def _only_ids():
    global _only
    if _only is None:
        path = os.environ.get("GILFREE_ONLY")
        _only = set()
        if path:
            with open(path, encoding="utf-8", errors="replace") as ids:
                _only = {line.rstrip("\n") for line in ids if line.strip()}
    return _only


def selected(test_id, done):
    """Whether this child should run the test: not done already, in our shard,
    among GILFREE_ONLY's ids when that is given."""
    if clean_text(test_id) in done:
        return False
    only = _only_ids()
    if only and clean_text(test_id) not in only:
        return False
    shard = os.environ.get("GILFREE_SHARD")
    if shard:
        index, count = (int(part) for part in shard.split("/"))
        if zlib.crc32(test_id.encode("utf-8")) % count != index - 1:
            return False
    return True


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return bool(probe()) if probe else True


class GilWatch:
    """Names the extension modules whose import turns the GIL back on.

    CPython re-enables the GIL while creating an extension module that did not
    declare Py_mod_gil = Py_MOD_GIL_NOT_USED; wrapping the extension loader's
    create_module and comparing the GIL state around it names the exact module,
    independent of warning filters the tests install. When the GIL turned on
    some other way (an extension loaded by a custom loader), the extension
    modules imported since the last check are named as suspects.
    """

    def __init__(self, active):
        self.modules = []
        self.active = active
        self.enabled_at_start = gil_enabled()
        self._was_enabled = self.enabled_at_start
        # sys.modules keeps insertion order: the modules imported since a check are the
        # ones after its length then (one len() per test, not a set of every module).
        self._known_count = len(sys.modules)
        if not active:
            return
        from importlib import machinery

        loader = machinery.ExtensionFileLoader
        original = loader.create_module
        watch = self

        def create_module(self, spec):
            before = gil_enabled()
            module = original(self, spec)
            if not before and gil_enabled():
                watch.modules.append(spec.name)
            return module

        loader.create_module = create_module

    def _suspects(self):
        suspects = []
        for name in list(sys.modules)[self._known_count:]:
            module = sys.modules.get(name)
            origin = getattr(getattr(module, "__spec__", None), "origin", None)
            origin = str(origin or getattr(module, "__file__", None) or "")
            if origin.endswith((".so", ".pyd")):
                suspects.append("%s (suspected)" % name)
        return sorted(suspects)

    def take(self):
        """Modules that re-enabled the GIL since the last call."""
        if not self.active:
            return []
        found, self.modules = self.modules, []
        enabled = gil_enabled()
        if enabled and not self._was_enabled and not found:
            found = self._suspects() or ["(unknown module)"]
        self._was_enabled = enabled
        self._known_count = len(sys.modules)
        return found


class FileTracker:
    """Records which project files run during each test (first hit per code object).

    sys.monitoring PY_START fires once per code object and is then disabled at
    that location (DISABLE), so the cost is one callback per function per test;
    restart_events() re-arms it for the next test.
    """

    TOOL_NAME = "gilfree"

    def __init__(self, root):
        self.root = os.path.realpath(root) + os.sep if root else None
        self.files = set()
        self._verdicts = {}
        self._tool = None
        monitoring = getattr(sys, "monitoring", None)
        if self.root is None or monitoring is None:
            return
        for tool in (4, 3):  # left free by debuggers (0), coverage (1), profilers (2)
            try:
                monitoring.use_tool_id(tool, self.TOOL_NAME)
            except ValueError:
                continue
            self._tool = tool
            break
        if self._tool is None:
            return
        self._disable = monitoring.DISABLE  # module globals are gone at interpreter exit
        monitoring.register_callback(self._tool, monitoring.events.PY_START, self._on_start)
        monitoring.set_events(self._tool, monitoring.events.PY_START)

    def _relative(self, filename):
        known = self._verdicts.get(filename)
        if known is not None or filename in self._verdicts:
            return known
        relative = None
        real = os.path.realpath(filename) if filename and not filename.startswith("<") else ""
        if real.startswith(self.root):
            relative = real[len(self.root):]
            parts = relative.split(os.sep)
            if any(part in ("site-packages", ".venv", "venv", ".gilfree") for part in parts):
                relative = None
        self._verdicts[filename] = relative
        return relative

    def _on_start(self, code, offset):
        relative = self._relative(code.co_filename)
        if relative is not None:
            self.files.add(relative)
        return self._disable

    def begin(self):
        self.files = set()
        if self._tool is not None:
            sys.monitoring.restart_events()

    def end(self):
        return sorted(self.files)

    def close(self):
        if self._tool is not None:
            sys.monitoring.set_events(self._tool, 0)
            sys.monitoring.free_tool_id(self._tool)
            self._tool = None


class Watchdog:
    """faulthandler for crashes (all threads) and hang stack dumps.

    The driver times each test; when one overruns it sends GILFREE_DUMP_SIGNAL and
    faulthandler, registered for that signal, dumps every thread's stack into
    GILFREE_STACKS. Nothing is armed per test but a marker line naming the test, so the
    cost per test is one short write (dump_traceback_later would start a thread each time).
    Without the variable (an older driver), the per-test timer is armed as before.
    """

    def __init__(self):
        self.timeout = _env_int("GILFREE_TIMEOUT", 0)
        path = os.environ.get("GILFREE_STACKS")
        self._file = open(path, "a") if path else sys.stderr
        faulthandler.enable(file=self._file, all_threads=True)
        self._signal = _env_int("GILFREE_DUMP_SIGNAL", 0)
        if self._signal:
            try:
                faulthandler.register(self._signal, file=self._file, all_threads=True, chain=False)
            except (ValueError, OSError, AttributeError):
                self._signal = 0

    def arm(self, test_id):
        if self.timeout > 0:
            self._file.write("gilfree: stacks of %s\n" % test_id)
            self._file.flush()
            if not self._signal:
                faulthandler.dump_traceback_later(self.timeout, file=self._file)

    def disarm(self):
        if self.timeout > 0 and not self._signal:
            faulthandler.cancel_dump_traceback_later()


# Fixtures and calls that touch process-wide state (output capture, warning
# filters, patched attributes): running such a test in several threads at once
# fails for reasons that have nothing to do with the code under test.
UNSAFE_FIXTURES = ("capsys", "capfd", "capsysbinary", "capfdbinary", "capteesys", "monkeypatch",
                   "recwarn")
UNSAFE_CALLS = (("pytest.warns", "pytest.warns"), ("catch_warnings", "warnings.catch_warnings"),
                ("assertWarns", "assertWarns (warnings.catch_warnings)"),
                ("mock.patch", "unittest.mock"), ("@patch", "unittest.mock"),
                ("patch.object", "unittest.mock"), ("monkeypatch", "monkeypatch"))


def unsafe_call_reasons(function):
    """Thread-unsafe calls named in the test function's own source."""
    try:
        source = inspect.getsource(inspect.unwrap(function))
    except (OSError, TypeError):
        return []
    reasons = []
    for needle, reason in UNSAFE_CALLS:
        if needle in source and reason not in reasons:
            reasons.append(reason)
    if getattr(function, "patchings", None) and "unittest.mock" not in reasons:
        reasons.append("unittest.mock")
    return reasons


class ThreadFailures(AssertionError):
    """Raised when some of the stress threads failed; the text names each."""


def run_in_threads(function, count):
    """Calls function() in `count` threads released together by a barrier."""
    barrier = threading.Barrier(count)
    failures = [None] * count

    def body(index):
        try:
            barrier.wait()
            function()
        except BaseException as error:  # a test may raise anything, even SystemExit
            failures[index] = error

    threads = [threading.Thread(target=body, args=(i,), name="gilfree-stress-%d" % i)
               for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [(i, error) for i, error in enumerate(failures) if error is not None]
    if not failed:
        return
    if len(failed) == count and all(_is_skip(error) for _, error in failed):
        raise failed[0][1]
    first = failed[0][1]
    lines = ["%d/%d threads failed (first: %s: %s)" % (len(failed), count, type(first).__name__,
                                                       str(first).split("\n", 1)[0])]
    for index, error in failed:
        lines.append("  thread %d: %s: %s" % (index, type(error).__name__, error))
    lines.append("first failure:")
    lines.append("".join(traceback.format_exception(first)).rstrip())
    raise ThreadFailures("\n".join(lines))


def _is_skip(error):
    return type(error).__name__ in ("Skipped", "SkipTest")


def thread_failure_count(error_text):
    if error_text and "threads failed" in error_text:
        head = error_text.split(" threads failed", 1)[0].rsplit("\n", 1)[-1]
        try:
            return int(head.split("/")[0].split()[-1])
        except (ValueError, IndexError):
            return None
    return None


def trim(text):
    if text is None:
        return None
    text = str(text)
    if len(text) > ERROR_TEXT_LIMIT:
        text = text[:ERROR_TEXT_LIMIT // 2] + "\n...[cut]...\n" + text[-ERROR_TEXT_LIMIT // 2:]
    return text


class Session:
    """What both front ends share: stream, GIL watch, file tracker, watchdog."""

    def __init__(self):
        self.stream = ResultStream()
        self.mode = os.environ.get("GILFREE_MODE")
        self.gil = GilWatch(active=self.mode == "default")
        self.files = FileTracker(os.environ.get("GILFREE_ROOT"))
        self.watchdog = Watchdog()
        self.threads = max(1, _env_int("GILFREE_THREADS", 1))
        self._started = time.perf_counter()
        self.collecting = None
        if self.gil.enabled_at_start and self.gil.active:
            self.stream.write(event="gil", enabled=True, modules=[], where="start-up")

    def collected(self, count, skipped_done):
        self.stream.write(event="collected", count=count, already_done=skipped_done)
        modules = self.gil.take()
        if modules:
            self.stream.write(event="gil", enabled=True, modules=modules, where="collection")

    def start_collecting(self, node_id):
        self.collecting = node_id
        self.stream.write(event="start", id=node_id)
        self.watchdog.arm(node_id)

    def done_collecting(self):
        self.collecting = None
        self.watchdog.disarm()
        self.stream.write(event="idle")

    def start(self, test_id):
        self.stream.write(event="start", id=test_id)
        self.watchdog.arm(test_id)
        self.files.begin()
        self._started = time.perf_counter()

    def finish(self, test_id, outcome, error=None, threads=1, thread_unsafe=None, kind=None):
        duration = time.perf_counter() - self._started
        self.watchdog.disarm()
        files = self.files.end()
        modules = self.gil.take()
        if modules:
            self.stream.write(event="gil", enabled=True, modules=modules, where=test_id)
        self.stream.write(event="result", id=test_id, mode=self.mode, outcome=outcome,
                          duration=round(duration, 6),
                          error=trim(error), gil_enabled=gil_enabled(), files=files,
                          threads=threads, thread_unsafe=thread_unsafe,
                          thread_failures=thread_failure_count(error),
                          **({"kind": kind} if kind else {}))

    def finished(self):
        self.files.close()
        self.stream.write(event="finished")
