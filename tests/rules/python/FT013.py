def collect(item, seen=[]):  # expect: FT013
    seen.append(item)
    return seen


def count(word, counts={}):  # expect: FT013
    counts[word] = counts.get(word, 0) + 1
    return counts


def typed(item, bucket: set = set()):  # expect: FT013
    bucket.add(item)
    return bucket


def reads_only(key, table={}):
    return table.get(key)


def rebinds(item, seen=[]):
    seen = seen + [item]
    return seen


def none_default(item, seen=None):
    if seen is None:
        seen = []
    seen.append(item)
    return seen


def copies(item, seen=()):
    return (*seen, item)


def outer(lines):
    def numbered(line, counter=[0]):
        counter[0] += 1  # default made per call of outer(): not shared
        return counter[0], line
    return [numbered(line) for line in lines]
