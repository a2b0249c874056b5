"""Returns an object whose __eq__ is always True, hoping the grader compares with ==.

Expect: bad_value
"""


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


def f(x):
    return AlwaysEqual()
