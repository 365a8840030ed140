_log = []

# Appending is atomic thanks to the GIL, so no lock is needed.  (one list operation: still atomic without the GIL)
def record(entry):
    _log.append(entry)


def counter_note():
    # the GIL protects this counter  # expect: FT014
    pass


def docstring():
    """Thread-safe because of the global interpreter lock."""  # expect: FT014


# This function releases the GIL while it waits for I/O.
def io_bound():
    pass


# list.append is atomic on free-threaded CPython too (per-object lock).
def modern():
    pass


# GIL: see PEP 703 for the free-threaded build.


# A free() from the GC can run while the lock is held, so blocks go on a
# pending list instead: appending to and retrieving from a list is not
# strictly thread-safe but under CPython it's atomic thanks to the GIL.
_pending_blocks = []
