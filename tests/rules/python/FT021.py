import threading


class RemoteCall:
    def __init__(self, future):
        self.future = future
        self._callbacks = []
        future.add_done_callback(self._finish)

    def _finish(self, future):
        for callback in self._callbacks:
            callback(self)

    def add_done_callback(self, callback):
        if self.future.done():
            callback(self)
        else:
            self._callbacks.append(callback)  # expect: FT021


class Worker:
    def __init__(self):
        self._lock = threading.Lock()
        self._jobs = []
        self._results = []
        self._thread = threading.Thread(target=self._run)

    def _run(self):
        with self._lock:
            for job in self._jobs:
                job()
        for result in list(self._results):
            print(result)

    def add_job(self, job):
        with self._lock:
            self._jobs.append(job)

    def add_result(self, result):
        self._results.append(result)  # the thread iterates a snapshot


class Plain:
    def __init__(self):
        self.items = []

    def show(self):
        for item in self.items:
            print(item)

    def add(self, item):
        self.items.append(item)  # no thread iterates it
