import threading
from unittest.mock import Mock


def MockDBAPI():
    def cursor():
        while True:
            yield Mock()

    def connect():
        while True:
            yield Mock(cursor=Mock(side_effect=cursor()))  # expect: FT028

    db = Mock(connect=Mock(side_effect=connect()))  # expect: FT028
    return db


def reset(db):
    def connect():
        yield Mock()

    db.connect.side_effect = connect()  # expect: FT028


# Not flagged: a function builds each value (safe to call from any thread).
def factory_mock():
    return Mock(side_effect=lambda *args, **kwargs: Mock())


# Not flagged: a list of values (Mock's iterator over a list), and a call that is not a generator.
def values_mock():
    return Mock(side_effect=[1, 2, 3])


def make_error():
    return ValueError("boom")


def raising_mock():
    return Mock(side_effect=make_error())


def run_in_threads(target):
    threads = [threading.Thread(target=target) for _ in range(4)]
    for thread in threads:
        thread.start()
