import threading
from concurrent.futures import ThreadPoolExecutor

count = 0
cache = {}
_lock = threading.Lock()


class Counter:
    total = 0

    def __init__(self):
        self.lock = threading.RLock()
        self.value = 0

    def bump(self):
        self.value += 1
        with self.lock:
            Counter.total += 1


def work(key):
    global count
    count += 1
    if key not in cache:
        cache[key] = len(cache)
    with _lock:
        count -= 1


with ThreadPoolExecutor(4) as pool:
    pool.map(work, range(10))
threading.Thread(target=Counter().bump).start()
