import functools


class Statement:
    @functools.cached_property
    def compiled(self):
        return str(self)

    def _clone(self):
        c = self.__class__.__new__(self.__class__)
        c.__dict__ = {k: v for k, v in self.__dict__.items() if k != "compiled"}  # expect: FT026
        return c

    def _clone_snapshot(self):
        c = self.__class__.__new__(self.__class__)
        snapshot = self.__dict__.copy()
        c.__dict__ = {k: v for k, v in snapshot.items() if k != "compiled"}
        return c

    def keys(self):
        for key in self.__dict__:  # expect: FT026
            yield key
