"""Returns a list of objects (with a clever __eq__) instead of numbers.

Expect: bad_value
"""


class Number:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def f(x):
    return [Number(), Number(), 1.0]
