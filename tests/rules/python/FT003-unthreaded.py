# A library module with no sign of threads: module- and class-level registries
# are still shared by every thread that imports it; per-instance state is not known to be.
_extension_registry = {}
_inverted_registry = {}
_table_cache = {}


def add_extension(module, name, code):
    key = (module, name)
    if key in _extension_registry:
        raise ValueError("key %s is already registered" % (key,))
    if code in _inverted_registry:
        raise ValueError("code %s is already in use" % code)
    _extension_registry[key] = code  # expect: FT003@medium (the caller's value registered: a lost registration)
    _inverted_registry[code] = key


def table(alphabet):
    if alphabet not in _table_cache:
        _table_cache[alphabet] = [a + b for a in alphabet for b in alphabet]  # expect: FT003@low (computed content)
    return _table_cache[alphabet]


class Locator:
    def __init__(self):
        self._deferred = {}

    def get(self, name):
        if name in self._deferred:
            del self._deferred[name]  # an instance's state in a file without threads: not known to be shared
