# fixture-path: _pyrepl/reader.py
# The REPL's reader runs on the terminal's one input loop.
import threading

_lock = threading.Lock()


class Reader:
    scheduled_commands = []

    def run_hooks(self):
        while self.scheduled_commands:
            command = self.scheduled_commands.pop()  # expect: FT003@low
            command()
