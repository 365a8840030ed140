# fixture-path: pkg/aio/tasks.py
# asyncio code runs on its event loop's one thread: a check-then-act there is
# loop-confined, so it stays below the default view.
import asyncio

_current_tasks = {}


def enter_task(loop, task):
    if loop in _current_tasks:
        raise RuntimeError("another task is running")
    _current_tasks[loop] = task  # expect: FT003@low


def leave_task(loop, task):
    if _current_tasks.get(loop) is task:
        del _current_tasks[loop]  # expect: FT003@low
