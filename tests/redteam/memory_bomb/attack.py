"""Allocates memory until it runs out: the address-space limit stops it.

Expect: memory
"""


def f(x):
    blocks = []
    while True:
        blocks.append(bytearray(1 << 24))
