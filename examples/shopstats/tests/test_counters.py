import threading

import shopstats
from shopstats import SalesStats


def test_single_thread_totals():
    shopstats.reset()
    shopstats.record_order(10)
    shopstats.record_order(5)
    assert shopstats.total_orders() == 2
    assert shopstats.revenue() == 15


def test_concurrent_orders_are_all_counted():
    shopstats.reset()
    per_thread = 500_000
    start = threading.Barrier(4)

    def serve():
        start.wait()  # all four request threads at once, as under load
        for _ in range(per_thread):
            shopstats.record_order(1)

    threads = [threading.Thread(target=serve) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert shopstats.total_orders() == 4 * per_thread


def test_sales_under_lock_are_exact():
    stats = SalesStats()
    threads = [threading.Thread(target=lambda: [stats.add_sale() for _ in range(10_000)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stats.snapshot()["sales"] == 40_000
