import queue
import threading


class Handler:
    def __init__(self, *, writer, stopper, enqueue):
        self.writer = writer
        self.stopper = stopper
        self.enqueue = enqueue
        self.lock = threading.Lock()
        self.queue = queue.Queue()
        self.thread = threading.Thread(target=self.drain, daemon=True)

    def emit(self, message):
        with self.lock:
            if self.enqueue:
                self.queue.put(message)
            else:
                self.writer(message)

    def drain(self):
        while (message := self.queue.get()) is not None:
            self.writer(message)

    def stop(self):
        if self.enqueue:
            self.queue.put(None)  # a thread-safe queue the class built itself: not the report
            self.thread.join()
        self.stopper()  # expect: FT030


class Connection:
    def __init__(self, sock):
        self._lock = threading.Lock()
        self._sock = sock

    def request(self, data):
        with self._lock:
            self._sock.sendall(data)
            return self._sock.recv(4096)

    def close(self):
        self._sock.close()  # expect: FT030


class LockedClose:
    def __init__(self, sock):
        self._lock = threading.Lock()
        self._sock = sock

    def request(self, data):
        with self._lock:
            self._sock.sendall(data)

    def close(self):
        with self._lock:
            self._sock.close()


class OwnResource:
    """The class builds its file itself: whether it locks on its own is the file's business."""

    def __init__(self, path):
        self._lock = threading.Lock()
        self._file = open(path, "a")

    def write(self, line):
        with self._lock:
            self._file.write(line)

    def close(self):
        self._file.close()


class NoLock:
    def __init__(self, sock):
        self._sock = sock

    def send(self, data):
        self._sock.sendall(data)

    def close(self):
        self._sock.close()
