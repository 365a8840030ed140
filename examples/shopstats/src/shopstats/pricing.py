"""Prices, loaded once and memoised."""
import json
import pathlib

_PRICES_FILE = pathlib.Path(__file__).with_name("prices.json")

_price_table = None
_discount_cache = {}


def price_table():
    """The price list, read from disk the first time it is needed."""
    global _price_table
    if _price_table is None:
        _price_table = json.loads(_PRICES_FILE.read_text())
    return _price_table


def discounted_price(sku, percent):
    key = (sku, percent)
    if key not in _discount_cache:
        base = price_table()[sku]
        _discount_cache[key] = round(base * (100 - percent) / 100, 2)
    return _discount_cache[key]
