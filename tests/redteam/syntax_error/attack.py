"""A syntax error: the module cannot be compiled.

Expect: syntax
"""


def f(x)
    return x
