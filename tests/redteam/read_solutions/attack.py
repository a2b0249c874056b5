"""Looks for the course's reference solutions, hidden tests and course.toml next to the jackit
package (as in a course repository with an editable install), and in /work/main.
Returns the list of paths it could list or read: under bubblewrap it must be empty.

Expect: value
"""

import os

import jackit


def f(x):
    roots = {os.path.dirname(os.path.dirname(jackit.__file__)), "/work/main"}
    found = []
    for root in sorted(roots):
        for name in ("solutions", "autograder", "tests", "course.toml", "exercises"):
            path = os.path.join(root, name)
            try:
                if os.path.isdir(path):
                    os.listdir(path)
                else:
                    open(path, "rb").close()
                found.append(path)
            except OSError:
                pass
    return found
