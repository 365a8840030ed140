import threading


class Core:
    def __init__(self):
        self.lock = threading.Lock()
        self.handlers = {}


class Logger:
    def __init__(self, core):
        self._core = core

    def remove(self, ids):
        with self._core.lock:
            handlers = self._core.handlers.copy()
            for handler_id in ids:
                handler = handlers.pop(handler_id)  # expect: FT020
                self._core.handlers = handlers
                handler.stop()

    def remove_copy_on_write(self, ids):
        with self._core.lock:
            for handler_id in ids:
                handlers = self._core.handlers.copy()
                handler = handlers.pop(handler_id)
                self._core.handlers = handlers
                handler.stop()

    def add(self, handler_id, handler):
        with self._core.lock:
            handlers = self._core.handlers.copy()
            handlers[handler_id] = handler
            self._core.handlers = handlers

    def add_late(self, handler_id, handler):
        with self._core.lock:
            handlers = dict(self._core.handlers)
            self._core.handlers = handlers
            handlers[handler_id] = handler  # expect: FT020


class Builder:
    def __init__(self):
        self.items = items = []
        items.append(1)  # the constructor: nobody else has the object yet

    def rebuild(self):
        items = []
        self.items = items
        items = list(items)
        items.append(2)  # a fresh copy since the publication
