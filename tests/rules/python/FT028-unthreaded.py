# fixture-path: tests/test_reader.py
# A test file that never starts a thread: a generator side_effect is consumed in order.
import threading
from unittest.mock import Mock


def lines():
    yield "a"
    yield "b"


def test_reader():
    reader = Mock(side_effect=lines())  # expect: FT028@low
    assert reader() == "a"
    lock = threading.Lock()
    with lock:
        assert reader() == "b"
