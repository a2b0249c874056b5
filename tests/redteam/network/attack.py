"""Tries the network: a TCP connection to the grader's machine (the port the test listens on, given
as x), to 127.0.0.1 and to a public address. Returns {target: "connected" or the error}.

Expect: value
"""

import socket


def f(port):
    results = {}
    for host, p in (("127.0.0.1", port), ("10.0.2.2", 80), ("1.1.1.1", 53), ("8.8.8.8", 53)):
        try:
            with socket.create_connection((host, p), timeout=1.0):
                results[f"{host}:{p}"] = "connected"
        except OSError as err:
            results[f"{host}:{p}"] = type(err).__name__
    return results
