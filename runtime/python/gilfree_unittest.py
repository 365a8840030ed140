"""unittest runner of `gilfree run`: `python -m gilfree_unittest [NAME...]`.

Without names, discovers test*.py under the current directory (the project
root, which goes first on sys.path as `python -m unittest discover` puts it).
Names are what `python -m unittest` takes (modules, classes, methods). Streams
one JSON line per test through gilfree_child and keeps class and module
fixtures (setUpClass, setUpModule) working by running the filtered suite tree.
"""

import functools
import inspect
import os
import sys
import unittest

import gilfree_child


def _flatten(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _flatten(test)
        else:
            yield test


def _filtered(suite, keep):
    """The same suite tree with only the tests in `keep` (class fixtures still run)."""
    result = type(suite)() if isinstance(suite, unittest.TestSuite) else unittest.TestSuite()
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            child = _filtered(test, keep)
            if child.countTestCases():
                result.addTest(child)
        elif test.id() in keep:
            result.addTest(test)
    return result


def test_id(test):
    """The test's id; a module that failed to import is named as the module
    ("tests.test_cache"), not "unittest.loader._FailedTest.tests.test_cache"."""
    if _is_import_failure(test):
        return getattr(test, "_testMethodName", None) or test.id()
    return test.id()


def _is_import_failure(test):
    return type(test).__name__ == "_FailedTest"


def _unsafe_reasons(test, method):
    if isinstance(test, unittest.IsolatedAsyncioTestCase) or inspect.iscoroutinefunction(method):
        return ["async test"]  # the event loop belongs to one thread
    reasons = gilfree_child.unsafe_call_reasons(method)
    if getattr(method, "thread_unsafe", False) or getattr(type(test), "thread_unsafe", False):
        reasons.insert(0, "marked thread_unsafe")
    return reasons


class StreamingResult(unittest.TestResult):
    """Turns unittest's callbacks into one streamed result per test."""

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.current = None
        self.outcome = None
        self.plan = (1, None)

    def startTest(self, test):
        super().startTest(test)
        self.current = test
        self.outcome = ["passed", None]
        self.plan = (1, None)
        self.session.start(test_id(test))
        self._prepare_threads(test)

    def _prepare_threads(self, test):
        threads = self.session.threads
        name = getattr(test, "_testMethodName", None)
        method = getattr(test, name, None) if name else None
        if threads <= 1 or method is None:
            return
        reasons = _unsafe_reasons(test, method)
        if reasons:
            self.plan = (1, ", ".join(reasons))
            return

        @functools.wraps(method)
        def stress():
            gilfree_child.run_in_threads(method, threads)

        setattr(test, name, stress)
        self.plan = (threads, None)

    def stopTest(self, test):
        super().stopTest(test)
        name = getattr(test, "_testMethodName", None)
        if name and name in vars(test):
            delattr(test, name)
        outcome, error = self.outcome
        threads, unsafe = self.plan
        self.session.finish(test_id(test), outcome, error, threads=threads, thread_unsafe=unsafe,
                            kind="collection" if _is_import_failure(test) else None)
        self.current = None

    def _record(self, test, outcome, error):
        if self.current is None or test is not self.current:
            # setUpClass / setUpModule / tearDown* failures come without startTest.
            self.session.start(str(test))
            self.session.finish(str(test), outcome, error)
            return
        rank = {"passed": 0, "skipped": 1, "xfailed": 1, "failed": 2, "error": 3}
        if rank[outcome] >= rank[self.outcome[0]]:
            self.outcome = [outcome, error]

    def _text(self, test, err):
        return self._exc_info_to_string(err, test)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", self._text(test, err))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failed", self._text(test, err))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "xfailed", None)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failed", "unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._record(self.current or test, "failed" if failed else "error",
                         "%s\n%s" % (subtest, self._text(test, err)))


class WatchedLoader(unittest.TestLoader):
    """Discovery that marks each test module "in flight" while it is imported,
    so an import that crashes or hangs costs only that module; a later child
    does not import it again."""

    def __init__(self, session):
        super().__init__()
        self.session = session

    def _get_module_from_name(self, name):
        if gilfree_child.clean_text(name) in self.session.stream.done:
            raise unittest.SkipTest(ALREADY_LOST)
        self.session.start_collecting(name)
        try:
            return super()._get_module_from_name(name)
        finally:
            self.session.done_collecting()


ALREADY_LOST = "gilfree: crashed or hung while importing in an earlier child"
SKIPPED_MODULE_PREFIX = "unittest.loader.ModuleSkipped."


def _lost_module(test, done):
    test_id = test.id()
    return (test_id.startswith(SKIPPED_MODULE_PREFIX)
            and gilfree_child.clean_text(test_id[len(SKIPPED_MODULE_PREFIX):]) in done)


def _load(names, root, session):
    loader = WatchedLoader(session)
    if names:
        return loader.loadTestsFromNames(names)
    return loader.discover(root, pattern="test*.py", top_level_dir=root)


def main(argv):
    root = os.getcwd()
    if not sys.path or os.path.realpath(sys.path[0] or ".") != os.path.realpath(root):
        sys.path.insert(0, root)
    session = gilfree_child.Session()
    suite = _load(argv, root, session)
    done = session.stream.done
    tests = list(_flatten(suite))
    keep = {test.id() for test in tests
            if gilfree_child.selected(test_id(test), done) and not _lost_module(test, done)}
    session.collected(len(keep), len(tests) - len(keep))
    result = StreamingResult(session)
    _filtered(suite, keep).run(result)
    session.finished()
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
