"""Returns a list of ten million numbers: more values than a reply may carry.

Expect: bad_value
"""


def f(x):
    return [0.5] * 10_000_000
