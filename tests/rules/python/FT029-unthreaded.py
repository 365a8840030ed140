# No sign of threads in the file: the compare-and-set is reported at low confidence.
def install(obj, name, new, old):
    if getattr(obj, name) is old:
        setattr(obj, name, new)  # expect: FT029@low
