"""Order and revenue statistics for a small web shop."""
from shopstats.counters import SalesStats, record_order, reset, revenue, total_orders
from shopstats.pricing import discounted_price, price_table
from shopstats.worker import process_batch

__all__ = [
    "SalesStats", "record_order", "reset", "revenue", "total_orders",
    "discounted_price", "price_table", "process_batch",
]
