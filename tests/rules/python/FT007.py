import threading

_listeners = set()
_handlers = {}
_log = []
_queue = []
_lock = threading.Lock()


def subscribe(callback):
    with _lock:
        _listeners.add(callback)


def register(name, handler):
    _handlers[name] = handler


def drop(item):
    _queue.remove(item)


def record(line):
    _log.append(line)


def publish(event):
    for callback in _listeners:  # expect: FT007
        callback(event)


def names():
    return [name for name in _handlers]  # expect: FT007


def handlers():
    for name, handler in _handlers.items():  # expect: FT007
        print(name, handler)


def drain():
    for item in _queue:  # expect: FT007
        print(item)


def dump_log():
    for line in _log:  # appends only: a list iterator tolerates them
        print(line)


def publish_copy(event):
    with _lock:
        listeners = list(_listeners)
    for callback in listeners:
        callback(event)


def _after_fork_in_child():
    for callback in _listeners:  # at-fork handlers run with one thread
        callback("fork")


def publish_locked(event):
    with _lock:
        for callback in _listeners:
            callback(event)


_constants = {"a": 1}


def read_constants():
    for key in _constants:  # never mutated by a function
        print(key)


class Bus:
    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers = {}

    def add(self, name, callback):
        with self._lock:
            self._subscribers[name] = callback

    def emit(self, event):
        for callback in self._subscribers.values():  # expect: FT007
            callback(event)

    def emit_snapshot(self, event):
        with self._lock:
            callbacks = list(self._subscribers.values())
        for callback in callbacks:
            callback(event)


class Executor:
    """A shutdown-flag protocol: once _shutdown is set under the lock, submit() refuses and _threads stops changing."""

    def __init__(self):
        self._shutdown_lock = threading.Lock()
        self._shutdown = False
        self._threads = set()

    def submit(self, fn):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._adjust_thread_count(fn)

    def _adjust_thread_count(self, fn):
        thread = threading.Thread(target=fn)
        thread.start()
        self._threads.add(thread)

    def shutdown(self):
        with self._shutdown_lock:
            self._shutdown = True
        for thread in self._threads:
            thread.join()
