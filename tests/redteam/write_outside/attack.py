"""Tries to write outside its temporary folder: the host's /tmp, the submission copy, ../..,
the folder of jackit, /dev/shm, /var/tmp. Returns {path: "written" or the error}; the test
checks that nothing reached the host. Writing in its own working folder is allowed (and private).

f(marker) uses `marker` (a string) as the file name, so the test knows what to look for.

Expect: value
"""

import os

import jackit


def f(marker):
    here = os.path.dirname(os.path.abspath(__file__))
    targets = [
        os.path.join("/tmp", marker),
        os.path.join(here, marker),
        os.path.join("..", "..", marker),
        os.path.join(os.path.dirname(jackit.__file__), marker),
        os.path.join(os.path.dirname(os.path.dirname(jackit.__file__)), marker),
        os.path.join("/dev/shm", marker),
        os.path.join("/var/tmp", marker),
        os.path.join("/", marker),
        marker,
    ]
    results = {}
    for target in targets:
        try:
            with open(target, "w") as stream:
                stream.write("escaped")
            results[target] = "written"
        except OSError as err:
            results[target] = type(err).__name__
    return results
