import threading

hits = 0


def bump():
    global hits
    hits += 1  # expect: FT001
    hits = hits + 1  # expect: FT001,FT002
    return hits  # not a finding


threading.Thread(target=bump).start()  # expect:
