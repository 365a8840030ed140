import threading

_routes = {}
_aliases = {}
_plugins = []
_lock = threading.Lock()


def reload_routes(config):
    global _routes
    _routes = {}  # expect: FT006
    for name, target in config.items():
        _routes[name] = target


def reload_plugins(names):
    global _plugins
    _plugins = []  # expect: FT006
    _plugins.extend(names)


def reload_aliases(config):
    global _routes, _aliases
    _routes = _aliases = {}  # expect: FT006
    _aliases.update(config)


def reload_routes_safely(config):
    global _routes
    routes = {}
    for name, target in config.items():
        routes[name] = target
    _routes = routes


def reload_locked(config):
    global _routes
    with _lock:
        _routes = {}
        _routes.update(config)


def _rebuild_locked_helper(config):
    global _routes
    _routes = {}  # only ever called with _lock held
    _routes.update(config)


def rebuild(config):
    with _lock:
        _rebuild_locked_helper(config)


def reset():
    global _plugins
    _plugins = []  # emptied, not refilled here


class Index:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = {}
        self._entries["x"] = 1  # constructor: not shared yet

    def add(self, key, value):
        with self._lock:
            self._entries[key] = value

    def rebuild(self, rows):
        self._entries = {}  # expect: FT006
        for key, value in rows:
            self._entries[key] = value

    def rebuild_safely(self, rows):
        entries = {key: value for key, value in rows}
        self._entries = entries
