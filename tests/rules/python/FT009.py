import contextlib
import io
import os
import sys
import threading
import warnings
from unittest import mock


def worker(path):
    os.chdir(path)  # expect: FT009
    with warnings.catch_warnings():  # expect: FT009
        warnings.simplefilter("ignore")  # expect: FT009
        helper()


def helper():
    os.environ["MODE"] = "fast"  # expect: FT009
    sys.stdout = io.StringIO()  # expect: FT009
    with mock.patch("os.getcwd"):  # expect: FT009
        pass
    with contextlib.redirect_stdout(io.StringIO()):  # expect: FT009
        pass


def main_only():
    os.chdir("/")
    warnings.simplefilter("error")
    os.environ["MODE"] = "slow"
    sys.setrecursionlimit(5000)


def read_env():
    return os.environ.get("MODE")


threading.Thread(target=worker, args=("/tmp",)).start()
