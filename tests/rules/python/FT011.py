import threading

_lock = threading.Lock()
_sem = threading.Semaphore(2)


class Store:
    def __init__(self):
        self._lock = threading.RLock()
        self._data = {}

    def update(self, key, value):
        self._lock.acquire()  # expect: FT011
        self._data[key] = value
        self._lock.release()

    def update_safely(self, key, value):
        self._lock.acquire()
        try:
            self._data[key] = value
        finally:
            self._lock.release()

    def update_with(self, key, value):
        with self._lock:
            self._data[key] = value

    def __enter__(self):
        self._lock.acquire()  # released in __exit__: held across calls on purpose
        return self

    def __exit__(self, *exc):
        self._lock.release()


def module_update(data, key):
    _lock.acquire()  # expect: FT011
    data[key] = 1
    _lock.release()


def inside_try(data, key):
    try:
        _lock.acquire()
        data[key] = 1
    finally:
        _lock.release()


def wait_for_import(lock):
    try:
        lock.acquire()
    except RuntimeError:
        pass
    else:
        lock.release()


def semaphore_signal():
    _sem.acquire()
    work()
    _sem.release()


def work():
    pass


def released_by_callback(start_thread):
    done = threading.Lock()
    done.acquire()  # handed to the thread, which releases it: a signal, not a leak

    def finish():
        done.release()

    start_thread(finish)
    done.acquire()


def local_lock_never_shared(data):
    lock = threading.RLock()
    lock.acquire()  # no one else can ever wait on this lock
    data.append(1)
    lock.release()


def local_lock_shared_with_a_thread(data, start_thread):
    lock = threading.Lock()

    def worker():
        with lock:
            data.append(2)

    start_thread(worker)
    lock.acquire()  # expect: FT011
    data.append(1)
    lock.release()


def local_lock_passed_on(data, register):
    lock = threading.Lock()
    register(lock)
    lock.acquire()  # expect: FT011
    data.append(1)
    lock.release()


class Other:
    def __init__(self):
        self._lock = threading.Lock()

    def step(self):
        _lock.acquire()  # only self._lock is released below, not the module's _lock
        self._lock.release()


class Waiters:
    def __init__(self):
        self._conditions = {key: threading.Condition() for key in range(3)}

    def wake_all(self, responses):
        for key in self._conditions:
            condition = self._conditions[key]  # a local name for a shared condition
            condition.acquire()  # expect: FT011
            responses[key] = None
            condition.notify()
            condition.release()


class _SocketLock:
    def __init__(self):
        self.s = None
        self.l = threading.Lock()


def command(sl, cmd, rl=True):
    sl.l.acquire()  # expect: FT011
    sl.s.send(cmd)
    res = sl.s.recv(16)
    if rl:
        sl.l.release()
    return res


def acquire_and_get(locks, key):
    lock = locks[key]
    lock.acquire()  # held on return on purpose: the caller releases it later
    try:
        return lookup(key)
    except BaseException:
        lock.release()
        raise


def lookup(key):
    return key
