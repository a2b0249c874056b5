"""The texts the student bundle carries beside the exercises: README.md, setup.sh and pytest.ini."""

from __future__ import annotations

from jackit.course import Course

SETUP_SH = """\
#!/bin/sh
# Set up this folder once: a virtual environment in .venv/ with jackit installed from wheels/ (its
# dependencies, numpy, sympy, pytest, click and rich, come from PyPI).
#
#   sh setup.sh              the self-checks, the hints and submit
#   sh setup.sh --notebook   the same, plus JupyterLab and matplotlib for the notebooks (`jackit lab`)
#
# PYTHON=/path/to/python3.12 sh setup.sh chooses the interpreter (Python 3.11 or newer).
set -eu
cd "$(dirname "$0")"
case "${1:-}" in
  "") extra="" ;;
  --notebook) extra="[notebook]" ;;
  *) echo "usage: sh setup.sh [--notebook]" >&2; exit 2 ;;
esac
recent() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
if [ -z "${PYTHON:-}" ]; then
  for candidate in python3 python3.11 python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 && recent "$candidate"; then PYTHON=$candidate; break; fi
  done
fi
if [ -z "${PYTHON:-}" ] || ! recent "$PYTHON"; then
  echo "error: no Python 3.11 or newer found (install it, or name it: PYTHON=/path/to/python3.11 sh setup.sh)" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet "wheels/{wheel}$extra"
echo "Ready. In every new terminal: source .venv/bin/activate   then: pytest exercises/   jackit check"
"""

PYTEST_INI = """\
# `pytest exercises/` (or plain `pytest`) from this folder runs the self-checks.
[pytest]
testpaths = exercises
"""

README = """\
# {title}

Your workspace for the course **{name}** (version {version}): {count} exercises, {points} points.
You write your answers in `exercises/<name>.py`, check them yourself as often as you like, and hand
in one zip file.

## Set up, once

You need Python 3.11 or newer and access to PyPI (numpy, sympy and pytest are downloaded once).

```
sh setup.sh                     # creates .venv/ and installs jackit from wheels/
source .venv/bin/activate       # in every new terminal (Windows: .venv\\Scripts\\activate)
```

{notebook_setup}Without `sh` (Windows): `py -3.11 -m venv .venv`, then
`.venv\\Scripts\\python -m pip install wheels\\{wheel}` (for JupyterLab, add `[notebook]` right
after `.whl`).

## The exercises

| # | exercise | points | title |
|---|---|---|---|
{table}

Each exercise is one module, `exercises/<name>.py`. Read its docstrings (the mathematics, the shapes,
a worked example), then replace each `raise NotImplementedError("TODO(<name>)")` with your code.
{notebook_note}
## Check yourself

```
pytest exercises/                 # every self-check; unfinished stubs read "TODO(<name>): not implemented yet"
jackit check                      # your progress: done / failing / not started, and what to do next
{check_one}# one exercise
```

The self-checks use fixed inputs. The grader's hidden tests use other inputs (drawn for you), more
shapes and edge cases: passing every self-check is a good sign, not a guarantee.

## Hints

```
{hint_one}# the next hint: they come one at a time
{hint_again}# the last one again
```

## Submit

```
jackit submit                     # writes submission.zip: exercises/<name>.py of every exercise
```

Hand in `submission.zip` the way your course asks (on Gradescope: upload the zip as it is). Every
exercise module goes in, finished or not; a module larger than {limit} is refused.

## What is in this folder

```
course.toml            the course: exercises, points, hints, tolerances (read by jackit; do not edit)
exercises/<name>.py    your answers
exercises/tests/       the self-checks (do not edit: the grader does not use your copy)
{notebook_line}wheels/                jackit itself, installed by setup.sh
setup.sh, pytest.ini   the set-up command, and pytest's settings for this folder
```
"""


NOTEBOOK_SETUP = """\
For the notebooks you also need JupyterLab (a larger download):

```
sh setup.sh --notebook          # the same, plus JupyterLab and matplotlib
jackit lab                      # opens JupyterLab at exercises/notebooks/
```
"""

NOTEBOOK_NOTE = """\
The notebooks in `exercises/notebooks/` explore the exercises with plots and self-check cells (open
them with `jackit lab`): the code you are graded on is the module, never the notebook.
"""

NOTEBOOK_LINE = "exercises/notebooks/   notebooks to explore the exercises in JupyterLab\n"


def readme_text(course: Course, *, wheel: str, module_limit: str, notebooks: bool) -> str:
    """The student README of `course`'s bundle, whose jackit wheel is wheels/<wheel>; `notebooks` says
    whether the bundle carries exercises/notebooks/."""
    table = "\n".join(f"| {number} | `{e.name}` | {e.points} | {e.title} |"
                      for number, e in enumerate(course.exercises, start=1))
    first = course.exercises[0].name
    column = max(34, len(f"jackit hint {first} --again") + 2)
    commands = {"check_one": f"jackit check {first}", "hint_one": f"jackit hint {first}",
                "hint_again": f"jackit hint {first} --again"}
    return README.format(title=course.title, name=course.name, version=course.version,
                         count=len(course.exercises), points=course.points, table=table,
                         wheel=wheel, limit=module_limit,
                         **{key: command.ljust(column) for key, command in commands.items()},
                         notebook_setup=NOTEBOOK_SETUP + "\n" if notebooks else "",
                         notebook_note="\n" + NOTEBOOK_NOTE if notebooks else "",
                         notebook_line=NOTEBOOK_LINE if notebooks else "")


def setup_text(*, wheel: str) -> str:
    return SETUP_SH.replace("{wheel}", wheel)
