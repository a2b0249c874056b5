"""The module exists but defines no function f (a typo in the name).

Expect: missing
"""


def ff(x):
    return x
