# Tk code: callbacks run on the main loop's thread, but Variable objects are made
# from any thread, and a lost update of the name counter gives two of them one name.
import tkinter

_varnum = 0


class Variable:
    def __init__(self, master=None, name=None):
        global _varnum
        if name is None:
            name = "PY_VAR" + repr(_varnum)
            _varnum += 1  # expect: FT001@medium
        self._name = name
        self._tk = master or tkinter._default_root
