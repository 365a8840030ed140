"""pytest plugin of `gilfree run`, loaded with `-p gilfree_pytest_plugin`.

Streams one JSON line per test (see gilfree_child), skips tests the driver has
already seen (resume after a crash), and runs test bodies in several threads
when GILFREE_THREADS > 1, except tests that are known to be thread-unsafe.
"""

import functools
import inspect
import unittest

import pytest

import gilfree_child

_session = None
_phases = {}
_plans = {}


@pytest.hookimpl(tryfirst=True)  # before a conftest's configure that may fail (INTERNALERROR)
def pytest_configure(config):
    global _session
    config.addinivalue_line(
        "markers", "thread_unsafe: gilfree run --threads runs this test in one thread only")
    _session = gilfree_child.Session()


def pytest_ignore_collect(collection_path, config):
    # A module whose import crashed or hung a previous child is not imported again.
    try:
        nodeid = collection_path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return None
    return True if gilfree_child.clean_text(nodeid) in _session.stream.done else None


def pytest_collectstart(collector):
    # Importing a test module can crash or hang too: it is "in flight" meanwhile.
    if isinstance(collector, pytest.Module):
        _session.start_collecting(collector.nodeid)


def pytest_collectreport(report):
    if report.nodeid == _session.collecting:
        _session.done_collecting()
    # selected(): not reported already, and in this shard (each shard reports its own modules).
    if report.failed and gilfree_child.selected(report.nodeid, _session.stream.done):
        _session.start(report.nodeid)
        _session.finish(report.nodeid, "error", report.longreprtext, kind="collection")


def pytest_internalerror(excrepr, excinfo):
    # pytest still calls sessionfinish after an INTERNALERROR: without this the run
    # would look complete and empty ("no tests found").
    if _session is not None:
        _session.stream.write(event="internalerror", text=str(excrepr)[-4000:])


@pytest.hookimpl(trylast=True)  # after -k / -m deselection, so the count is what runs
def pytest_collection_modifyitems(session, config, items):
    keep, drop = [], []
    for item in items:
        (keep if gilfree_child.selected(item.nodeid, _session.stream.done) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    _session.collected(len(keep), len(drop))


def _is_async(item, function):
    if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
        return True
    if any(item.get_closest_marker(name) is not None for name in ("asyncio", "anyio", "trio")):
        return True
    instance = getattr(item, "instance", None)
    return isinstance(instance, unittest.IsolatedAsyncioTestCase)


def _thread_unsafe_reasons(item):
    if type(item).__name__ == "DoctestItem":
        # A doctest swaps sys.stdout and the debugger hooks for the whole process.
        return ["doctest"]
    if not isinstance(item, pytest.Function):
        return ["not a Python test function"]
    if _is_async(item, getattr(item, "obj", None)):
        # The event loop (pytest-asyncio, anyio, IsolatedAsyncioTestCase) belongs to one thread.
        return ["async test"]
    reasons = ["%s fixture" % name for name in gilfree_child.UNSAFE_FIXTURES
               if name in item.fixturenames]
    if item.get_closest_marker("thread_unsafe") is not None:
        reasons.append("marked thread_unsafe")
    instance = getattr(item, "instance", None)
    if getattr(instance, "thread_unsafe", False) is True:
        reasons.append("marked thread_unsafe")
    for reason in gilfree_child.unsafe_call_reasons(item.obj):
        if reason == "monkeypatch" and "monkeypatch fixture" in reasons:
            continue
        reasons.append(reason)
    return reasons


def pytest_runtest_logstart(nodeid, location):
    _phases[nodeid] = []
    _session.start(nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    threads = _session.threads
    reasons = _thread_unsafe_reasons(item) if threads > 1 else []
    _plans[item.nodeid] = (1 if reasons else threads, ", ".join(reasons) or None)
    if threads <= 1 or reasons:
        yield
        return
    original = item.obj

    # unittest.TestCase tests too: pytest's TestCaseFunction calls item.obj between the
    # case's setUp and tearDown, so the threads share one set-up instance, as fixtures are
    # shared by the threads of a plain test. wraps() keeps unittest's skip attributes.
    @functools.wraps(original)
    def stress(*args, **kwargs):
        gilfree_child.run_in_threads(lambda: original(*args, **kwargs), threads)

    item.obj = stress
    try:
        yield
    finally:
        item.obj = original


def pytest_runtest_logreport(report):
    _phases.setdefault(report.nodeid, []).append(report)


def _outcome(reports):
    """One outcome for setup + call + teardown, as pytest's summary counts it."""
    for report in reports:
        if report.failed:
            return ("failed" if report.when == "call" else "error"), report.longreprtext
    for report in reports:
        if report.skipped:
            if hasattr(report, "wasxfail"):
                return "xfailed", report.wasxfail or None
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else None
            return "skipped", reason
    return "passed", None


def pytest_runtest_logfinish(nodeid, location):
    outcome, error = _outcome(_phases.pop(nodeid, []))
    threads, unsafe = _plans.pop(nodeid, (1, None))
    _session.finish(nodeid, outcome, error, threads=threads, thread_unsafe=unsafe)


def pytest_sessionfinish(session, exitstatus):
    if _session is not None:
        _session.finished()
