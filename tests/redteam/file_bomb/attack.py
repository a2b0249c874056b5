"""Writes files into its working folder until the disk is full: its private /tmp is small, so
writing fails long before the host's disk (or memory) does.

Expect: exception
"""

import os


def f(x):
    block = b"\0" * (1 << 20)
    for i in range(1_000_000):
        with open(f"junk-{i}", "wb") as stream:
            stream.write(block)
