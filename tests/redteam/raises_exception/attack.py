"""The function raises ZeroDivisionError: the message names the exception and the line.

Expect: exception
"""


def f(x):
    return 1 / 0
