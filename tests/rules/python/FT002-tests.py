# fixture-path: tests/test_counter.py
# A test module that never starts a thread: its class-level counters are
# touched by one test at a time, so the finding stays below the default view.
import unittest


class Cached:
    count = 0

    @classmethod
    def get(cls):
        cls.count += 1  # expect: FT002@low
        return cls.count


class CachedTest(unittest.TestCase):
    def test_get(self):
        self.assertEqual(Cached.get(), 1)
