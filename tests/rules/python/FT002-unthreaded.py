# No sign of threads in the file: a class-level counter is still every thread's.
class HtmlDiff:
    _default_prefix = 0

    def make_table(self):
        prefix = "from%d_" % HtmlDiff._default_prefix
        HtmlDiff._default_prefix += 1  # expect: FT002@medium (unique prefixes repeat under threads)
        return prefix


class Tally:
    count = 0

    @classmethod
    def bump(cls):
        cls.count += 1  # expect: FT002@medium


class Parser:
    def __init__(self):
        self.lineno = 0

    def feed(self, line):
        self.lineno += 1  # an instance counter in a file without threads: not flagged
