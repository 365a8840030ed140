"""Processes a batch of orders on a thread pool."""
import os
from concurrent.futures import ThreadPoolExecutor

from shopstats.counters import record_order
from shopstats.pricing import discounted_price


def _process_one(order):
    sku, quantity, percent = order
    amount = discounted_price(sku, percent) * quantity
    record_order(amount)
    # Lets the crash reporter know what we were doing (process-wide!).
    os.environ["SHOPSTATS_LAST_SKU"] = sku
    return amount


def process_batch(orders, workers=4):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_process_one, orders))
