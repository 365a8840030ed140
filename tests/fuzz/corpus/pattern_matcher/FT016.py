import threading

_cache = {}  # expect: FT016
_registry = []  # expect: FT016
_constants = {"a": 1}
_names = ["x", "y"]
_counter = 0
_lock = threading.Lock()


def lookup(key):
    with _lock:
        _cache[key] = key


def register(item):
    _registry.append(item)


def read():
    return _constants["a"], _names[0]


class Plugins:
    available = {}  # expect: FT016
    defaults = ("a", "b")

    @classmethod
    def add(cls, name, plugin):
        cls.available[name] = plugin


_import_time = {}
_import_time["a"] = 1  # filled at import only


def worker():
    register(1)


threading.Thread(target=worker).start()
