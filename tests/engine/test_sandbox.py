"""The sandbox API as the grader uses it: values, callbacks, errors, restarts, sessions, levels."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import threading
import time

import numpy as np
import pytest
import sympy as sp

from jackit.course import Limits
from jackit.engine import Sandbox, SandboxError, StudentError, sandbox_level
from jackit.engine.sandbox import UID_BASE
from jackit.problems.quadratic import Quadratic

ECHO = """
    def f(*args, **kwargs):
        return args, kwargs
"""


# --- values --------------------------------------------------------------------------------------


def test_arguments_and_values_cross_both_ways_exactly(engine_sandbox, submission):
    """Do arrays of each dtype, numbers, bools, None, strings, tuples, lists and dicts reach the
    student's function and come back with the same types, shapes and values?"""
    args = (np.arange(6.0).reshape(2, 3), np.arange(4, dtype=np.int32), np.array([True, False]),
            np.arange(3, dtype=np.uint8), 1.5, 7, True, None, "θ", (1, [2.0, {"k": np.eye(2)}]))
    kwargs = {"batch": np.ones((2, 1)), "name": "polar"}
    with engine_sandbox.session(submission(attack=ECHO)) as s:
        got_args, got_kwargs = s.call("attack", "f", args=args, kwargs=kwargs)
    assert type(got_args) is tuple and len(got_args) == len(args)
    for got, sent in zip(got_args[:4], args[:4]):
        assert type(got) is np.ndarray and got.dtype == sent.dtype and np.array_equal(got, sent)
    assert got_args[4:9] == (1.5, 7, True, None, "θ") and type(got_args[5]) is int and type(got_args[6]) is bool
    nested = got_args[9]
    assert type(nested) is tuple and type(nested[1]) is list and np.array_equal(nested[1][1]["k"], np.eye(2))
    assert set(got_kwargs) == {"batch", "name"} and got_kwargs["batch"].shape == (2, 1)


def test_numpy_scalars_and_sympy_values_come_back(engine_sandbox, submission):
    """Does a numpy scalar come back as a 0-d array, and a sympy Matrix as an equal sympy Matrix?"""
    source = """
        import numpy as np
        import sympy as sp

        def scalar(x):
            return np.sum(x)

        def jacobian():
            r, t = sp.symbols("r theta")
            return sp.Matrix([r * sp.cos(t), r * sp.sin(t)]).jacobian([r, t])
    """
    with engine_sandbox.session(submission(attack=source)) as s:
        total = s.call("attack", "scalar", args=(np.arange(4.0),))
        jac = s.call("attack", "jacobian")
    assert type(total) is np.ndarray and total.shape == () and total == 6.0
    r, t = sp.symbols("r theta")
    assert jac == sp.Matrix([[sp.cos(t), -r * sp.sin(t)], [sp.sin(t), r * sp.cos(t)]])


def test_a_callback_from_the_catalogue_reaches_student_code(engine_sandbox, submission):
    """Does a catalogue Callback (here a quadratic's gradient) arrive callable in the worker, so that
    a student's gradient descent converges to the minimiser the grader computes itself?"""
    source = """
        def descend(grad, x0, step, iterations):
            x = x0
            for _ in range(iterations):
                x = x - step * grad(x)
            return x
    """
    problem = Quadratic(A=np.array([[3.0, 1.0], [1.0, 2.0]]), b=np.array([1.0, -1.0]))
    with engine_sandbox.session(submission(attack=source)) as s:
        x = s.call("attack", "descend", args=(problem.callback("grad"), np.zeros(2), 0.2, 200))
    assert np.allclose(x, problem.minimizer(), atol=1e-10)


def test_unencodable_arguments_are_the_graders_bug(engine_sandbox, submission):
    """Is an argument that cannot cross (an object) a TypeError in the grader, not a StudentError?"""
    with engine_sandbox.session(submission(attack=ECHO)) as s:
        with pytest.raises(TypeError):
            s.call("attack", "f", args=(object(),))
        assert s.call("attack", "f", args=(1,)) == ((1,), {})


# --- errors and restarts ---------------------------------------------------------------------------


def test_default_timeout_is_the_call_limit(engine_sandbox, submission, limits):
    """Does a call that sleeps past limits.call_seconds time out after about that long, and does an
    explicit timeout override it?"""
    source = """
        import time

        def sleep(seconds):
            time.sleep(seconds)
            return seconds
    """
    with engine_sandbox.session(submission(attack=source)) as s:
        start = time.monotonic()
        with pytest.raises(StudentError) as caught:
            s.call("attack", "sleep", args=(30,))
        elapsed = time.monotonic() - start
        assert caught.value.kind == "timeout"
        assert str(caught.value) == f"sleep() did not return within {limits.call_seconds:g} s"
        assert limits.call_seconds <= elapsed < limits.call_seconds + 1.5
        assert s.call("attack", "sleep", args=(2.5,), timeout=4) == 2.5
        with pytest.raises(StudentError):
            s.call("attack", "sleep", args=(1,), timeout=0.3)


def test_a_crash_gets_a_fresh_worker_transparently(engine_sandbox, submission):
    """After os._exit in a call, does the next call run in a fresh worker (module state reset)?"""
    source = """
        import os
        count = 0

        def bump():
            global count
            count += 1
            return count

        def die():
            os._exit(3)
    """
    with engine_sandbox.session(submission(attack=source)) as s:
        assert [s.call("attack", "bump") for _ in range(3)] == [1, 2, 3]
        with pytest.raises(StudentError) as caught:
            s.call("attack", "die")
        assert caught.value.kind == "exit" and "os._exit(3)" in str(caught.value)
        assert s.call("attack", "bump") == 1


def test_a_failed_import_is_remembered_for_the_session(engine_sandbox, submission, limits):
    """Does a module whose import timed out fail at once, with the same reason, on later calls,
    while the submission's other modules still work?"""
    folder = submission(attack="import time\ntime.sleep(60)\ndef f(x):\n    return x\n",
                        other="def g(x):\n    return x + 1\n")
    with engine_sandbox.session(folder) as s:
        with pytest.raises(StudentError) as first:
            s.call("attack", "f", args=(1,))
        start = time.monotonic()
        with pytest.raises(StudentError) as second:
            s.call("attack", "f", args=(1,))
        assert time.monotonic() - start < 0.1
        assert (second.value.kind, str(second.value)) == (first.value.kind, str(first.value)) == (
            "timeout", f"importing attack.py did not finish within {limits.call_seconds:g} s")
        assert s.call("other", "g", args=(1,)) == 2


def test_a_short_timeout_does_not_condemn_a_slow_import(engine_sandbox, submission):
    """Does a call with a timeout shorter than a (legitimately) slow import fail alone, leaving the
    module usable by the next call?"""
    folder = submission(attack="import time\ntime.sleep(0.6)\ndef f(x):\n    return x\n")
    with engine_sandbox.session(folder) as s:
        with pytest.raises(StudentError) as caught:
            s.call("attack", "f", args=(1,), timeout=0.3)
        assert (caught.value.kind, str(caught.value)) == ("timeout", "f() did not return within 0.3 s")
        assert s.call("attack", "f", args=(7,)) == 7


@pytest.mark.parametrize("source, function, kind, reason", [
    ("def f(x):\n    return [x, x.y]\n", "f", "exception",
     "f() raised AttributeError: 'int' object has no attribute 'y' (attack.py, line 2)"),
    ("def f(x)\n    return x\n", "f", "syntax", "attack.py line 1: SyntaxError: expected ':'"),
    ("import nowhere\n", "f", "import",
     "importing attack.py raised ModuleNotFoundError: No module named 'nowhere' (attack.py, line 1)"),
    ("def g(x):\n    return x\n", "f", "missing", "attack.py defines no function f"),
    ("f = 3\n", "f", "missing", "attack.f is an int, not a function"),
    ("class Thing:\n    pass\ndef f(x):\n    return Thing()\n", "f", "bad_value",
     "f() returned a Thing, expected arrays or numbers"),
    ("def f(x):\n    raise SystemExit('bye')\n", "f", "exit", "f() called sys.exit('bye')"),
    ("def f(x):\n    raise MemoryError\n", "f", "memory", "f() ran out of memory (limit 768 MB)"),
])
def test_student_errors_have_a_kind_and_a_one_line_reason(engine_sandbox, submission, source, function, kind, reason):
    """Does each kind of failure give the documented kind and a one-line reason naming file and line?"""
    with engine_sandbox.session(submission(attack=source)) as s:
        with pytest.raises(StudentError) as caught:
            s.call("attack", function, args=(1,))
    assert (caught.value.kind, caught.value.reason, str(caught.value)) == (kind, reason, reason)


def test_reasons_are_one_bounded_line_even_for_hostile_messages(engine_sandbox, submission):
    """Is an exception message with newlines, control characters and 10k characters reduced to one
    short line?"""
    source = """
        class Weird(Exception):
            pass

        def f(x):
            raise Weird("line one\\nline two\\x1b[31m" + "x" * 10000)
    """
    with engine_sandbox.session(submission(attack=source)) as s:
        with pytest.raises(StudentError) as caught:
            s.call("attack", "f", args=(1,))
    reason = str(caught.value)
    assert "\n" not in reason and "\x1b" not in reason and len(reason) < 400
    assert reason.startswith("f() raised Weird: line one line two")


def test_student_error_pickles_with_its_kind():
    """Does a StudentError survive pickling (graders run in process pools) with kind and output?"""
    err = pickle.loads(pickle.dumps(StudentError("timeout", "f() did not return within 5 s", output="hi")))
    assert (err.kind, err.reason, err.output, str(err)) == ("timeout", "f() did not return within 5 s", "hi",
                                                            "f() did not return within 5 s")


# --- output --------------------------------------------------------------------------------------


def test_output_of_the_last_call_is_captured(engine_sandbox, submission):
    """Is what a call prints (stdout, stderr, even from os.write) in s.output, and only that call's?"""
    source = """
        import os, sys

        def loud(x):
            print("to stdout", x)
            print("to stderr", file=sys.stderr)
            os.write(1, b"raw\\n")
            return x

        def quiet(x):
            return x
    """
    with engine_sandbox.session(submission(attack=source)) as s:
        s.call("attack", "loud", args=(7,))
        assert s.output.splitlines() == ["to stdout 7", "to stderr", "raw"] or sorted(s.output.splitlines()) == \
            sorted(["to stdout 7", "to stderr", "raw"])
        s.call("attack", "quiet", args=(1,))
        assert s.output == ""


def test_output_of_a_failed_call_travels_with_the_error(engine_sandbox, submission, limits):
    """Does a StudentError carry what the call printed, cut at output_kb?"""
    source = """
        def f(x):
            print("about to fail")
            raise ValueError("no")

        def flood(x):
            while True:
                print("x" * 100)
    """
    with engine_sandbox.session(submission(attack=source)) as s:
        with pytest.raises(StudentError) as caught:
            s.call("attack", "f", args=(1,))
        assert caught.value.output == "about to fail\n" == s.output
        with pytest.raises(StudentError) as flood:
            s.call("attack", "flood", args=(1,))
        assert flood.value.kind == "output"
        assert 0 < len(flood.value.output) <= limits.output_kb * 1024


# --- the worker's world ------------------------------------------------------------------------------


def test_the_worker_runs_unprivileged_in_a_private_writable_folder(engine_sandbox, submission):
    """Is the worker a non-root uid of its slot, without groups, in a writable working folder whose
    files (and those of its /tmp) do not survive into the next session?"""
    source = """
        import os

        def who():
            return os.getuid(), os.geteuid(), os.getgid(), os.getgroups(), os.getcwd()

        def write():
            for path in ("note.txt", "/tmp/note.txt"):
                with open(path, "w") as stream:
                    stream.write("hi")
            return os.listdir(".")

        def look():
            return os.listdir("."), os.path.exists("/tmp/note.txt")
    """
    folder = submission(attack=source)
    with engine_sandbox.session(folder) as s:
        uid, euid, gid, groups, cwd = s.call("attack", "who")
        assert uid == euid == gid == UID_BASE + engine_sandbox.slot and groups == []
        assert s.call("attack", "write") == ["note.txt"]
    with engine_sandbox.session(folder) as s:
        assert s.call("attack", "look") == ([], False)
    assert sorted(os.listdir(folder)) == ["attack.py"]


def test_student_modules_import_each_other_but_never_shadow_libraries(engine_sandbox, submission):
    """Can one student module import another, while a student graphlib.py (a stdlib module the zygote
    has not imported) does not replace the stdlib's (the submission folder is last on sys.path), and
    is calling into it refused?"""
    attack = """
        import graphlib

        import helper

        def f(x):
            return helper.twice(x), list(graphlib.TopologicalSorter({"b": {"a"}}).static_order())
    """
    folder = submission(attack=attack, helper="def twice(x):\n    return 2 * x\n",
                        graphlib="raise RuntimeError('the student graphlib was imported')\n")
    with engine_sandbox.session(folder) as s:
        assert s.call("attack", "f", args=(3,)) == (6, ["a", "b"])
        assert s.call("helper", "twice", args=(4,)) == 8
        with pytest.raises(StudentError) as caught:
            s.call("graphlib", "TopologicalSorter", args=({},))
    assert caught.value.kind == "import" and "rename it" in str(caught.value)


def test_no_process_of_the_slot_survives_a_session(engine_sandbox, submission, uid_processes):
    """After a session whose code left a detached background process, is no process of the slot's
    uid left on the host?"""
    source = """
        import os, time

        def f(x):
            if os.fork() == 0:
                os.setsid()
                while True:
                    time.sleep(1)
            return x
    """
    uid = UID_BASE + engine_sandbox.slot
    with engine_sandbox.session(submission(attack=source)) as s:
        s.call("attack", "f", args=(1,))
        assert len(uid_processes(uid)) >= 2  # the worker and its child
    assert uid_processes(uid) == []


# --- copying the submission ------------------------------------------------------------------------


def test_only_regular_python_files_are_copied(engine_sandbox, submission, tmp_path):
    """Are links and FIFOs refused with a reason, other files ignored, and the original folder left
    untouched (without hanging on the FIFO)?"""
    folder = submission(attack="def f(x):\n    return x\n")
    (folder / "data.txt").write_text("not python")
    outside = tmp_path / "outside.py"
    outside.write_text("def f(x):\n    return 'outside'\n")
    (folder / "linked.py").symlink_to(outside)
    os.mkfifo(folder / "pipe.py")
    before = sorted(os.listdir(folder))
    with engine_sandbox.session(folder) as s:
        assert s.files == {"attack"}
        assert s.call("attack", "f", args=(1,)) == 1
        with pytest.raises(StudentError) as link:
            s.call("linked", "f", args=(1,))
        with pytest.raises(StudentError) as pipe:
            s.call("pipe", "f", args=(1,))
    assert (link.value.kind, str(link.value)) == ("missing", "linked.py is a symbolic link; submit the file itself")
    assert (pipe.value.kind, str(pipe.value)) == ("missing", "pipe.py is not a regular file")
    assert sorted(os.listdir(folder)) == before
    assert stat.S_ISFIFO(os.lstat(folder / "pipe.py").st_mode)


def test_the_copy_is_removed_after_the_session(engine_sandbox, submission):
    """Is the slot's scratch folder empty once a session ends, even one that raised?"""
    folder = submission(attack="def f(x):\n    return x\n")
    with pytest.raises(KeyError):
        with engine_sandbox.session(folder) as s:
            s.call("attack", "f", args=(1,))
            raise KeyError("the grader failed")
    assert os.listdir(engine_sandbox._scratch) == []


def test_one_session_at_a_time(engine_sandbox, submission):
    """Is a second concurrent session on the same sandbox refused?"""
    folder = submission(attack="def f(x):\n    return x\n")
    with engine_sandbox.session(folder):
        with pytest.raises(SandboxError):
            with engine_sandbox.session(folder):
                pass


# --- sandboxes, slots, levels -------------------------------------------------------------------


def test_bubblewrap_is_used_when_installed(engine_sandbox):
    """Where bwrap is installed, is the level 'bubblewrap' with no warning (never silently weaker)?"""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed here")
    assert sandbox_level() == engine_sandbox.level == "bubblewrap"
    assert engine_sandbox.warning is None


def test_a_slot_is_held_by_one_sandbox_only(engine_sandbox, limits):
    """Is a second sandbox on a slot that is in use refused?"""
    with pytest.raises(SandboxError, match="in use"):
        Sandbox(limits, slot=engine_sandbox.slot)


def test_a_memory_limit_below_the_interpreter_is_refused():
    """Is a memory_mb too small for the pre-imported interpreter a clear SandboxError at start?"""
    tiny = Limits(call_seconds=1, cpu_seconds=1, memory_mb=64, processes=8, file_mb=1, output_kb=1)
    with pytest.raises(SandboxError, match="memory_mb"):
        Sandbox(tiny, slot=None)


def test_close_stops_everything(limits, submission, uid_processes):
    """Does close() end the zygote process, free the slot, remove the scratch folder, and refuse
    sessions afterwards?"""
    box = Sandbox(limits, slot=None)
    with box.session(submission(attack="def f(x):\n    return x\n")) as s:
        assert s.call("attack", "f", args=(1,)) == 1
    process, scratch, slot = box._zygote.process, box._scratch, box.slot
    box.close()
    assert process.poll() is not None
    assert not scratch.exists()
    assert uid_processes(UID_BASE + slot) == []
    with pytest.raises(SandboxError):
        with box.session(submission(attack="")):
            pass
    box.close()  # idempotent
    Sandbox(limits, slot=slot).close()  # the slot is free again


def test_two_sandboxes_grade_in_parallel(engine_sandbox, limits, submission):
    """Do two sandboxes (two slots, two threads) grade at the same time without mixing results?"""
    other = Sandbox(limits, slot=None)
    results: dict[int, list] = {}
    folder = submission(attack="import os\ndef f(x):\n    return x, os.getuid()\n")

    def grade(box, tag):
        with box.session(folder) as s:
            results[tag] = [s.call("attack", "f", args=(tag * 100 + i,)) for i in range(20)]

    try:
        threads = [threading.Thread(target=grade, args=(box, tag)) for tag, box in ((1, engine_sandbox), (2, other))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.close()
    assert [v for v, _ in results[1]] == [100 + i for i in range(20)]
    assert [v for v, _ in results[2]] == [200 + i for i in range(20)]
    assert {u for _, u in results[1]} == {UID_BASE + engine_sandbox.slot}
    assert {u for _, u in results[2]} == {UID_BASE + other.slot}


def test_a_submission_with_forty_calls_takes_well_under_a_second(engine_sandbox, submission):
    """Does a session with 40 calls on small arrays take well under a second (workers are forked from
    a pre-imported zygote, not started from scratch)?"""
    source = """
        import numpy as np

        def polar_jacobian(r, theta):
            c, s = np.cos(theta), np.sin(theta)
            return np.stack([np.stack([c, -r * s], -1), np.stack([s, r * c], -1)], -2)
    """
    folder = submission(polar_jacobian=source)
    rng = np.random.default_rng(0)
    start = time.monotonic()
    with engine_sandbox.session(folder) as s:
        for _ in range(40):
            r, theta = rng.uniform(0.5, 2, size=3), rng.uniform(-3, 3, size=3)
            jac = s.call("polar_jacobian", "polar_jacobian", args=(r, theta))
            assert jac.shape == (3, 2, 2)
    assert time.monotonic() - start < 0.5


def test_a_dead_zygote_is_replaced_at_the_next_session(limits, submission):
    """If the zygote is killed from outside, does the next session start a fresh one and work?"""
    box = Sandbox(limits, slot=None)
    try:
        folder = submission(attack="def f(x):\n    return x\n")
        old = box._zygote.process
        old.kill()
        old.wait()
        with box.session(folder) as s:
            assert s.call("attack", "f", args=(5,)) == 5
        assert box._zygote.process is not old
    finally:
        box.close()
