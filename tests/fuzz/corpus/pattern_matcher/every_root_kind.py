# One of each kind a built-in pattern starts at, in small.
import threading
_cache = {}
items = []


class Pool:
    shared = []

    def add(self, item, bag=[]):
        self.shared.append(item)
        if item not in _cache:
            _cache[item] = 1
        with threading.Lock():
            pass
        for key in _cache:
            del _cache[key]
        return [k for k in items]


def run(n: list = {}):
    global items
    items += [n]
    threading.Thread(target=run, args=(items,)).start()
