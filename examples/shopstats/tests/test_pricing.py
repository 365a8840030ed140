from shopstats import discounted_price, price_table


def test_price_table_loads():
    assert price_table()["coffee"] == 7.9


def test_discount():
    assert discounted_price("bread", 20) == 1.8
    assert discounted_price("bread", 20) == 1.8
