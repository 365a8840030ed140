import threading
from concurrent.futures import ThreadPoolExecutor


def produce():
    for number in range(100):
        yield number


def drain(source):
    for item in source:
        print(item)


def start_workers(lines):
    jobs = (line.strip() for line in lines)
    workers = [threading.Thread(target=drain, args=(jobs,)) for _ in range(4)]  # expect: FT008
    return workers


def start_generator_workers():
    numbers = produce()
    for _ in range(4):
        threading.Thread(target=drain, args=(numbers,)).start()  # expect: FT008


def submit_all(executor: ThreadPoolExecutor, items):
    shared = iter(items)
    for _ in range(3):
        executor.submit(drain, shared)  # expect: FT008


def one_thread(lines):
    jobs = (line.strip() for line in lines)
    thread = threading.Thread(target=drain, args=(jobs,))
    thread.start()
    return thread


def own_iterators(chunks):
    for chunk in chunks:
        threading.Thread(target=drain, args=(chunk,)).start()


def list_shared(lines):
    items = list(lines)
    for _ in range(4):
        threading.Thread(target=drain, args=(items,)).start()
