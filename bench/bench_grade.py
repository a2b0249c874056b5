"""Grading speed on the full course: submissions per second with --jobs 2, and one submission alone.

Run: .venv/bin/python bench/bench_grade.py [--students 40]
Prints the figures the README quotes. The class is the reference solutions copied per student
(the usual case: most tests pass, so every hidden test runs to completion).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the jackit CLI does, before numpy is imported
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jackit.grading.batch import grade_class, load_selected  # noqa: E402

CORE = ["polar_jacobian", "linear_map_jacobian", "sigmoid_backward", "layer_vjp", "gradient_descent", "newton",
        "mlp_backprop"]


def make_class(into: Path, students: int) -> Path:
    classroom = into / "class"
    for i in range(students):
        shutil.copytree(ROOT / "solutions", classroom / f"student{i:03d}", ignore=shutil.ignore_patterns("__pycache__"))
    return classroom


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--exercises", default=",".join(CORE),
                        help="comma-separated exercises to grade (default: the seven core ones); 'all' for every one")
    args = parser.parse_args()
    exercises = None if args.exercises == "all" else args.exercises.split(",")
    course = load_selected(ROOT / "course.toml", exercises)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        secret = tmp / "secret"
        secret.write_text("benchmark secret of thirty-two chars")
        classroom = make_class(tmp, args.students)

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jackit", "grade", str(classroom / "student000"), "--out",
                        str(tmp / "one"), "--secret-file", str(secret), "--jobs", "1", *(["--exercises", args.exercises] if exercises else [])],
                       check=True,
                       capture_output=True, cwd=ROOT)
        one_cli = time.perf_counter() - start

        for jobs in (1, 2):
            result = grade_class(paths=[classroom], out=tmp / f"out{jobs}", course_path=course.path, jobs=jobs,
                                 exercises=exercises, secret_file=secret)
            assert all(r.total == course.points for r in result.rows), "a correct submission lost points"
            per_submission = sorted(r.execution_time for r in result.rows)
            print(f"--jobs {jobs}: {len(result.rows)} submissions in {result.seconds:.2f} s "
                  f"= {len(result.rows) / result.seconds:.1f} submissions/s "
                  f"(grading one: median {per_submission[len(per_submission) // 2] * 1000:.0f} ms, "
                  f"max {per_submission[-1] * 1000:.0f} ms; sandbox {result.sandbox})")
        print(f"one submission alone, `jackit grade` end to end (interpreter, sandbox start, grading): "
              f"{one_cli:.2f} s wall")
        print(f"course: {len(course.exercises)} exercises, {sum(len(e.parts) for e in course.exercises)} parts")


if __name__ == "__main__":
    main()
