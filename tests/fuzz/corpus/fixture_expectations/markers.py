x += 1  # expect: FT001, FT002 FT003
#expect:FT9
# expect: lower
