import threading

_GLOBAL_CUSTOM_OBJECTS = {}
_local = threading.local()
_local.objects = {}


class CustomObjectScope:
    def __init__(self, *args):
        self.custom_objects = args
        self.backup = None

    def __enter__(self):
        self.backup = _GLOBAL_CUSTOM_OBJECTS.copy()
        for objects in self.custom_objects:
            _GLOBAL_CUSTOM_OBJECTS.update(objects)  # expect: FT024
        return self

    def __exit__(self, *args):
        _GLOBAL_CUSTOM_OBJECTS.clear()  # expect: FT024
        _GLOBAL_CUSTOM_OBJECTS.update(self.backup)  # expect: FT024


class ThreadLocalScope:
    def __enter__(self):
        self.backup = _local.objects.copy()
        _local.objects.update({"x": 1})
        return self

    def __exit__(self, *args):
        _local.objects.clear()
        _local.objects.update(self.backup)


class OwnState:
    def __enter__(self):
        self.items = {}
        self.items.update({"x": 1})
        return self

    def __exit__(self, *args):
        self.items.clear()


class CustomObjectsContext(threading.local):
    def __init__(self):
        self.objects = {}


GLOBAL_CUSTOM_OBJECTS = CustomObjectsContext()


class LocalScope:
    def __enter__(self):
        self.backup = GLOBAL_CUSTOM_OBJECTS.objects.copy()
        GLOBAL_CUSTOM_OBJECTS.objects.update({"x": 1})  # a threading.local subclass: per thread
        return self

    def __exit__(self, *args):
        GLOBAL_CUSTOM_OBJECTS.objects.clear()
