"""`jackit watch`: the checks run again when the exercise file is saved, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

from jackit.course import load_course
from jackit.watch import watch


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def solve(course) -> None:
    """Save the solution over the stub, as a student's editor would."""
    exercise = course.exercises[0]
    exercise.stub.write_text(exercise.solution.read_text())


def test_a_save_runs_the_checks_again_and_nothing_else_does(tiny_course):
    """Does watch check once at the start, once after the file is saved, and not again while it is unchanged?"""
    course = load_course(tiny_course)
    said: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch, kwargs=dict(course=course, name="scale", interval=0.05,
                                                         emit=said.append, should_stop=stop.is_set))
    watcher.start()
    try:
        assert wait_for(lambda: any("not started" in s for s in said)), said
        solve(course)
        assert wait_for(lambda: any("done" in s for s in said)), said
        time.sleep(1.0)  # twenty more looks at an unchanged file
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert not watcher.is_alive()
    assert said[0] == "Watching exercises/scale.py: save it to run its checks again (Ctrl-C to stop)."
    assert said[1].startswith("○ scale: not started — 0/2 checks pass")
    assert said[2].startswith("✓ scale: done — 2/2 checks pass")
    assert len(said) == 3, said


def test_without_a_name_it_watches_the_current_exercise_and_ends_when_all_are_done(tiny_course):
    """Without a name, does watch pick the first unfinished exercise and return once every exercise is done?"""
    course = load_course(tiny_course)
    said: list[str] = []
    watcher = threading.Thread(target=watch, kwargs=dict(course=course, interval=0.05, emit=said.append))
    watcher.start()
    assert wait_for(lambda: any("not started" in s for s in said)), said
    solve(course)
    watcher.join(timeout=60)
    assert not watcher.is_alive(), said
    assert said[-1] == "Every exercise passes its self-checks."


def test_ctrl_c_stops_the_command_cleanly(tiny_course):
    """Does Ctrl-C (SIGINT) end `jackit watch` with status 0 and a goodbye line, not a traceback?"""
    command = [sys.executable, "-m", "jackit", "watch", "scale", "--course", str(tiny_course), "--interval", "0.05"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: any("not started" in line for line in lines)), lines
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        process.kill()
    reader.join(timeout=10)
    errors = process.stderr.read()
    assert process.returncode == 0, errors
    assert lines[-1].strip() == "Stopped watching."
    assert "Traceback" not in errors + "".join(lines)
