# A spawned child's bootstrap: it sets sys.argv and sys.path before any thread exists.
import os
import sys


def prepare(data):
    if "sys_path" in data:
        sys.path = data["sys_path"]
    if "sys_argv" in data:
        sys.argv = data["sys_argv"]
    if "dir" in data:
        os.chdir(data["dir"])


def enter(directory):
    os.chdir(directory)  # expect: FT023
