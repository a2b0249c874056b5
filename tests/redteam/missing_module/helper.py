"""The submission has no attack.py at all (only this helper): the call finds no module.

Expect: missing
"""


def f(x):
    return x
