"""Prints without end: the output limit stops it without filling the grader's memory or disk.

Expect: output
"""


def f(x):
    line = "spam " * 40
    while True:
        print(line)
