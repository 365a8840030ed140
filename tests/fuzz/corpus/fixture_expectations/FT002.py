import threading


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.hits += 0  # constructor: not shared yet

    def hit(self):
        self.hits += 1  # expect: FT002

    def reset(self):
        with self._lock:
            self.hits = 0

    def unrelated(self):
        self.calls = getattr(self, "calls", 0)
        self.calls += 1  # never written under the lock: no evidence it is shared

    def miss(self):
        with self._lock:
            self.misses += 1

    def miss_unlocked(self):
        self.misses = self.misses + 1  # expect: FT002


class Plain:
    """Owns no lock and never runs in a thread: instances are not shared."""

    def __init__(self):
        self.count = 0

    def bump(self):
        self.count += 1


class Worker(threading.Thread):
    def __init__(self):
        super().__init__()
        self.done = 0

    def run(self):
        self.done += 1  # the thread object's own state, read after join()


class Pool:
    def __init__(self):
        self._lock = threading.Lock()
        self.active = 0

    def start(self):
        for _ in range(4):
            threading.Thread(target=self._work).start()

    def _work(self):
        self.active += 1  # expect: FT002


class Registry:
    instances = 0

    @classmethod
    def create(cls):
        cls.instances += 1  # expect: FT002
        return cls()


def make():
    Registry.instances += 1  # expect: FT002


class PerThread:
    def __init__(self):
        self._local = threading.local()

    def bump(self):
        local = self._local
        local.value = getattr(local, "value", 0) + 1


class ReaderA:
    def __init__(self):
        self._lock = threading.Lock()
        self.reads = 0

    def read(self):
        self.reads += 1  # `stream.read` below may be B's: no evidence A is shared


class ReaderB:
    def read(self):
        return b""


def pump(stream):
    threading.Thread(target=stream.read).start()
