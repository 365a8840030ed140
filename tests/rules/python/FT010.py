import threading
import _thread

_lock = threading.Lock()


def deposit(account, amount):
    with threading.Lock():  # expect: FT010
        account.balance += amount


def withdraw(account, amount):
    with threading.RLock() as held:  # expect: FT010
        account.balance -= amount
        return held


def legacy(account):
    with _thread.allocate_lock():  # expect: FT010
        account.balance = 0


def correct(account, amount):
    with _lock:
        account.balance += amount


def condition_wait(cond):
    with cond:
        cond.wait()
