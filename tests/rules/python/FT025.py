import threading


class Engine(threading.Thread):
    def __init__(self, zc):
        threading.Thread.__init__(self, name="engine")
        self.daemon = True
        self.zc = zc
        self.start()

    def run(self):
        with self.zc._handlers_lock:
            self.zc.handle()


class Zeroconf:
    def __init__(self):
        self.engine = Engine(self)  # expect: FT025
        self._handlers_lock = threading.Lock()

    def handle(self):
        pass


class Poller:
    def __init__(self):
        self._queue = []
        threading.Thread(target=self._poll, daemon=True).start()  # expect: FT025
        self._stopped = False

    def _poll(self):
        while not self._stopped:
            self._queue.clear()


class Ready:
    def __init__(self):
        self._lock = threading.Lock()
        self._items = []
        thread = threading.Thread(target=self._work)
        thread.start()  # everything the thread reads is set already
        self.started_at = None  # read by nobody else

    def _work(self):
        with self._lock:
            self._items.clear()
