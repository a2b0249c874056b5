"""Looks for signs of being graded: environment, argv, uid, working folder, sys.path, hostname.
Returns what it saw; the test checks that nothing names the grader and that it is not root.

Expect: value
"""

import os
import socket
import sys


def f(x):
    return {"env": dict(os.environ), "argv": list(sys.argv), "uid": os.getuid(), "gid": os.getgid(),
            "groups": list(os.getgroups()), "cwd": os.getcwd(), "path": list(sys.path),
            "hostname": socket.gethostname()}
