"""Loops forever: the call must time out and the worker be killed.

Expect: timeout
"""


def f(x):
    while True:
        pass
