import shopstats


def test_batch_amounts():
    orders = [("apple", 4, 0), ("tea", 1, 10), ("coffee", 2, 50)]
    assert shopstats.process_batch(orders) == [2.0, 3.69, 7.9]
