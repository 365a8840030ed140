import os
import struct
import sys
import warnings


def encode(value, pieces):
    with warnings.catch_warnings():
        warnings.filterwarnings("error")  # expect: FT023
        try:
            pieces.append(struct.pack(">i", value))
        except (struct.error, DeprecationWarning):
            pieces.append(struct.pack(">q", value))


def best_type(values):
    warnings.filterwarnings("ignore", ".*overflow.*", RuntimeWarning)
    try:
        return max(values)
    finally:
        warnings.filters.pop(0)  # expect: FT023


def quiet(values):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # hides messages only: not flagged here
        return list(values)


def make_archive(root, name):
    saved = os.getcwd()
    os.chdir(root)  # expect: FT023
    try:
        return name
    finally:
        os.chdir(saved)  # the restore: one finding per function


def deep(obj):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(10000)  # expect: FT023
    try:
        return repr(obj)
    finally:
        sys.setrecursionlimit(old)  # the restore: one finding per function


def configure_env(home):
    os.environ["APP_HOME"] = home  # expect: FT023


def main():
    os.chdir("/")  # a command-line entry point owns the process


if __name__ == "__main__":
    os.environ["APP_HOME"] = "/tmp"


class chdir:
    """A context manager whose purpose is the change (documented as not thread-safe)."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        os.chdir(self.path)  # expect: FT023@low
