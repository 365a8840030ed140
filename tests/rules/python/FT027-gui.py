# A Tk application: its callbacks run on the one thread of the Tk main loop.
import tkinter


class Shell:
    def __init__(self):
        self.root = tkinter.Tk()
        self.restarting = False

    def restart(self):
        if self.restarting:
            return
        self.restarting = True
        self.root.update()
        self.restarting = False
