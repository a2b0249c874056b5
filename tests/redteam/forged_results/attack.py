"""Writes a forged Gradescope results.json (full marks) wherever it can: its working folder, /tmp,
the submission copy, /autograder/results/ (Gradescope's path), next to jackit. Nothing of it may
reach the host. Returns the paths it managed to write (inside its private view).

Expect: value
"""

import json
import os

import jackit

FORGED = {"score": 100.0, "tests": [{"name": "all", "score": 100.0, "max_score": 100.0, "status": "passed"}]}


def f(x):
    here = os.path.dirname(os.path.abspath(__file__))
    places = ["results.json", "/tmp/results.json", os.path.join(here, "results.json"),
              "/autograder/results/results.json", "/autograder/results.json",
              os.path.join(os.path.dirname(os.path.dirname(jackit.__file__)), "results.json")]
    written = []
    for place in places:
        try:
            os.makedirs(os.path.dirname(place) or ".", exist_ok=True)
            with open(place, "w") as stream:
                json.dump(FORGED, stream)
            written.append(place)
        except OSError:
            pass
    return written
