import functools
import threading

_parser = None
_config = None
_lock = threading.Lock()
_ready = False


def get_parser():
    global _parser
    if _parser is None:  # expect: FT004
        _parser = object()
    return _parser


def get_config():
    global _config
    if not _config:  # expect: FT004
        _config = {"a": 1}
    return _config


def get_config_locked():
    global _config
    with _lock:
        if _config is None:
            _config = {"a": 1}
    return _config


@functools.cache
def get_cached():
    return object()


def local_lazy(value=None):
    if value is None:
        value = []
    return value


class Settings:
    pass


def settings_defaults():
    if not hasattr(Settings, "defaults"):  # expect: FT004
        Settings.defaults = {}
    return Settings.defaults


class Lazy:
    def value(self):
        if not hasattr(self, "_value"):
            self._value = 1
        return self._value


if _parser is None:
    _parser = object()  # module level: import time
