import threading

_pool = None
_pool_lock = threading.Lock()


def get_pool():
    global _pool
    if _pool is None:  # expect: FT005
        with _pool_lock:
            _pool = object()
    return _pool


def get_pool_rechecked():
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = object()
    return _pool


class Service:
    def __init__(self):
        self._lock = threading.RLock()
        self._client = None

    def client(self):
        if self._client is None:  # expect: FT005
            with self._lock:
                self._client = object()
        return self._client

    def client_ok(self):
        if not self._client:
            with self._lock:
                if not self._client:
                    self._client = object()
        return self._client


def not_a_lock(path):
    handle = None
    if handle is None:
        with open(path) as stream:
            handle = stream.read()
    return handle
