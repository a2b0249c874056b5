"""How fast is the sandboxed engine? Zygote start, session, call round trip, submissions per second.

    .venv/bin/python bench/bench_engine.py [--calls 40] [--submissions 60] [--isolation auto]

A "submission" here is one session making --calls calls of a small polar Jacobian (arrays of 3),
like a hidden-test suite does. The parallel figure runs two sandboxes in two processes (one slot
each), as `jackit grade --jobs 2` does. Needs root (the sandbox switches uid).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from jackit.course import Limits
from jackit.engine import Sandbox

LIMITS = Limits(call_seconds=5.0, cpu_seconds=30, memory_mb=1024, processes=32, file_mb=16, output_kb=64)
SOURCE = '''
import numpy as np


def polar_jacobian(r, theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.stack([np.stack([c, -r * s], -1), np.stack([s, r * c], -1)], -2)
'''


def submission_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="jackit-bench-"))
    (folder / "polar_jacobian.py").write_text(SOURCE)
    return folder


def grade(sandbox: Sandbox, folder: Path, calls: int, rng: np.random.Generator) -> None:
    with sandbox.session(folder) as s:
        for _ in range(calls):
            r, theta = rng.uniform(0.5, 2.0, 3), rng.uniform(-3.0, 3.0, 3)
            s.call("polar_jacobian", "polar_jacobian", args=(r, theta))


def cpu_seconds() -> float:
    """CPU time of this process and of every descendant reaped so far (the zygote and its workers
    count once the sandbox is closed)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput(isolation: str, folder: Path, calls: int, submissions: int, barrier=None) -> tuple[float, float]:
    """(submissions per second, CPU seconds) of one sandbox grading `submissions`, start and close included."""
    cpu = cpu_seconds()
    sandbox = Sandbox(LIMITS, slot=None, isolation=isolation)
    rng = np.random.default_rng(0)
    try:
        grade(sandbox, folder, calls, rng)  # warm up
        if barrier is not None:
            barrier.wait()
        start = time.perf_counter()
        for _ in range(submissions):
            grade(sandbox, folder, calls, rng)
        rate = submissions / (time.perf_counter() - start) if submissions else 0.0
    finally:
        sandbox.close()
    return rate, cpu_seconds() - cpu


def _parallel_job(args) -> tuple[float, float]:
    isolation, folder, calls, submissions, barrier = args
    return throughput(isolation, Path(folder), calls, submissions, barrier)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--isolation", default="auto")
    options = parser.parse_args()
    folder = submission_folder()
    rng = np.random.default_rng(0)

    start = time.perf_counter()
    sandbox = Sandbox(LIMITS, slot=None, isolation=options.isolation)
    zygote_start = time.perf_counter() - start
    print(f"sandbox level              {sandbox.level}" + (f"  ({sandbox.warning})" if sandbox.warning else ""))
    print(f"zygote start               {zygote_start * 1e3:8.1f} ms  (once per sandbox)")
    try:
        grade(sandbox, folder, 1, rng)  # warm caches
        opens, firsts, rounds, subs = [], [], [], []
        for _ in range(20):
            t0 = time.perf_counter()
            with sandbox.session(folder) as s:
                t1 = time.perf_counter()
                s.call("polar_jacobian", "polar_jacobian", args=(np.ones(3), np.zeros(3)))  # fork + import + call
                t2 = time.perf_counter()
                for _ in range(20):
                    t = time.perf_counter()
                    s.call("polar_jacobian", "polar_jacobian", args=(np.ones(3), np.zeros(3)))
                    rounds.append(time.perf_counter() - t)
                t3 = time.perf_counter()
            t4 = time.perf_counter()
            opens.append((t1 - t0) + (t4 - t3))
            firsts.append(t2 - t1)
        for _ in range(10):
            t = time.perf_counter()
            grade(sandbox, folder, options.calls, rng)
            subs.append(time.perf_counter() - t)
    finally:
        sandbox.close()
    med = statistics.median
    print(f"session open + close       {med(opens) * 1e3:8.2f} ms  (copy files, kill and clean up)")
    print(f"first call of a session    {med(firsts) * 1e3:8.2f} ms  (fork a confined worker, import, call)")
    print(f"call round trip            {med(rounds) * 1e6:8.0f} µs  (small arrays, median)")
    print(f"one submission, {options.calls} calls   {med(subs) * 1e3:8.1f} ms")

    one, cpu = throughput(options.isolation, folder, options.calls, options.submissions)
    _, cpu_idle = throughput(options.isolation, folder, options.calls, 0)
    per_submission = (cpu - cpu_idle) / options.submissions
    print(f"CPU per submission         {per_submission * 1e3:8.1f} ms  (grader + zygote + worker, all processes)")
    print(f"submissions per second     {one:8.1f}     (1 sandbox)")
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        with context.Pool(2) as pool:
            results = pool.map(_parallel_job, [(options.isolation, str(folder), options.calls, options.submissions,
                                                barrier)] * 2)
    rate = sum(rate for rate, _ in results)
    print(f"submissions per second     {rate:8.1f}     (2 sandboxes in parallel, 2 processes)")
    print(f"load average               {os.getloadavg()[0]:8.2f}     (other work on this machine skews the rates)")


if __name__ == "__main__":
    main()
