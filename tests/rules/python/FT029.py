import threading

_install_lock = threading.Lock()


class _EmptyListener:
    def __init__(self, parent, name):
        self.parent = parent
        self.name = name

    def for_modify(self, obj):
        result = list(self.parent)
        if getattr(obj, self.name) is self:
            setattr(obj, self.name, result)  # expect: FT029
        else:
            assert isinstance(getattr(obj, self.name), list)
        return result

    def for_modify_locked(self, obj):
        with _install_lock:
            if getattr(obj, self.name) is self:
                setattr(obj, self.name, list(self.parent))
            return getattr(obj, self.name)

    def reset_if_changed(self, obj, old):
        if getattr(obj, self.name) != old:
            setattr(obj, self.name, old)  # expect: FT029

    def copy_to(self, source, target):
        # Different objects: reading one and writing the other is no compare-and-set.
        if getattr(source, self.name) is not None:
            setattr(target, self.name, getattr(source, self.name))
