# FT900 unused-suppression: a suppression comment that silences nothing.
# Only FT900 runs on a fixture, so the other rules a comment names do not run here;
# tests/unit/test_scanners_suppression.cpp shows comments that do silence a finding.
import threading

_lock = threading.Lock()
_count = 0


def bump():
    global _count
    with _lock:
        _count += 1  # gilfree: ignore[FT001]  # expect: FT900


def typo():
    global _count
    _count += 1  # gilfree: ignore[FT01]  # expect: FT900


def bare():
    return _count  # gilfree: ignore  # expect: FT900


def kept():
    return _count  # gilfree: ignore[FT001, FT900]


def plain():
    # A comment about gilfree that is not a suppression.
    return _count
