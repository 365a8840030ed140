import threading


class Pattern:
    def __init__(self, elements):
        self.elements = elements
        self.dirty = False

    def __call__(self, env):
        if self.dirty:
            raise RecursionError("cyclic reference")
        self.dirty = True  # expect: FT027@medium
        result = "".join(str(e) for e in self.elements)
        self.dirty = False
        return result


class Poller:
    def __init__(self):
        self._lock = threading.Lock()
        self._polling = False

    def poll(self):
        if self._polling:
            return
        self._polling = True  # expect: FT027@high
        try:
            self.fetch()
        finally:
            self._polling = False

    def fetch(self):
        pass


class Env:
    def __init__(self):
        self.active = set()


class PerCall:
    def __call__(self, env):
        if self in env.active:
            raise RecursionError("cyclic reference")
        env.active.add(self)
        env.active.remove(self)
        self.done = True  # set once, never reset: not a busy flag


class Writer:
    """The flag is checked, but the check does not turn a caller away: only low."""

    def __init__(self):
        self.buffering = False

    def write(self, data):
        if self.buffering:
            self.flush()
        self.buffering = True  # expect: FT027@low
        self.send(data)
        self.buffering = False

    def flush(self):
        pass

    def send(self, data):
        pass
