"""Running totals, updated from the request threads of the web server."""
import threading

_total_orders = 0
_revenue = 0


def record_order(amount):
    """Counts one order. Called concurrently by every worker thread."""
    global _total_orders, _revenue
    _total_orders += 1
    _revenue += amount


def total_orders():
    return _total_orders


def revenue():
    return _revenue


def reset():
    global _total_orders, _revenue
    _total_orders = 0
    _revenue = 0


class SalesStats:
    """Per-shop statistics shared by all request threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.sales = 0
        self.refunds = 0

    def add_sale(self):
        with self._lock:
            self.sales += 1

    def add_refund(self):
        # Refunds are rare, so nobody bothered to take the lock here.
        self.refunds += 1

    def snapshot(self):
        with self._lock:
            return {"sales": self.sales, "refunds": self.refunds}
