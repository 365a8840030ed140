import threading


class Request:
    headers = {}
    tags = []
    seen = set()
    limit = 10

    def add_header(self, name, value):
        self.headers[name] = value  # expect: FT012

    def tag(self, name):
        self.tags.append(name)  # expect: FT012

    def mark(self, key):
        self.seen.add(key)  # expect: FT012

    def untag(self, name):
        del self.headers[name]  # expect: FT012

    def read(self, name):
        return self.headers.get(name)


class PerInstance:
    items = []

    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)


class Registry:
    plugins = []

    @classmethod
    def register(cls, plugin):
        cls.plugins.append(plugin)

    @staticmethod
    def helper(self):
        self.plugins.append(1)


class Defaults:
    options = {}

    def set_option(self, other, key):
        other.options[key] = 1


class Geometry:
    _cache = {}

    def size(self, key):
        self._cache[key] = 1  # private class-level cache: shared on purpose


class Hook:
    active = []

    def enable(self):
        self.active.append(1)  # also used as Hook.active: a registry on purpose

    @staticmethod
    def clear():
        Hook.active.clear()


class Breakpoint:
    registry = []

    def __init__(self):
        self.registry.append(self)  # registers itself: a deliberate class-level registry


class RamSession:
    locks = {}

    def acquire_lock(self):
        self.locks.setdefault(self.id, threading.RLock()).acquire()  # one atomic get-or-create
