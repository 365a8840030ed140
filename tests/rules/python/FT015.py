import sys


def make_atomic():
    sys.setswitchinterval(1000)  # expect: FT015


def restore(old):
    sys.setswitchinterval(old)  # expect: FT015


def read_interval():
    return sys.getswitchinterval()


def unrelated(obj):
    obj.set_interval(5)
