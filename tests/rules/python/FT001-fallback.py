# fixture-path: pkg/warnings.py
# A pure-Python fallback under `except ImportError:`: the C version normally
# replaces it, so its findings stay below the default view.
try:
    from _warnings import _filters_mutated
except ImportError:
    _filters_version = 1

    def _filters_mutated():
        global _filters_version
        _filters_version += 1  # expect: FT001@low
