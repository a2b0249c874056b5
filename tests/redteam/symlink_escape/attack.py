"""The submission holds secret.py, a symbolic link to a file outside it (jackit/__init__.py of this
repository). The grader copies regular files only, so the link is refused: importing attack fails
(no module secret), and calling into secret reports the link.

Expect: import
"""

import secret


def f(x):
    return secret.__doc__
