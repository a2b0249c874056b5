"""The jackit command line: thin wrappers over keyword-only library functions.

Each command parses its options, calls one library function, and renders what it returns; the
Python API and the CLI cannot drift apart because the CLI holds no logic of its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from jackit.course import CourseError, find_course, load_course

console = Console(highlight=False)


def fail(message: str) -> None:
    """One clear line on stderr and a non-zero exit."""
    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", soft_wrap=True)
    sys.exit(2)


def course_file(course: str | None) -> Path:
    try:
        return Path(course) if course else find_course()
    except CourseError as err:
        fail(str(err))


def open_course(course: str | None, *, check_files: bool = True):
    try:
        return load_course(course_file(course), check_files=check_files)
    except CourseError as err:
        fail(str(err))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jackit")
def main() -> None:
    """jackit: exercises on the Jacobian, self-checks, hints and a grader student code cannot fool."""
    # The grader's arrays are small: BLAS threads only contend with the parallel graders and workers.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


course_option = click.option("--course", "course", metavar="FILE", help="course.toml (default: the nearest one above).")


@main.command()
@click.argument("names", nargs=-1)
@course_option
def check(names: tuple[str, ...], course: str | None) -> None:
    """Run the public self-checks and show your progress."""
    from jackit.progress import check_progress, next_step

    loaded = open_course(course, check_files=False)
    try:
        progress = check_progress(course=loaded, names=list(names) or None)
    except KeyError as err:
        fail(err.args[0])
    colour = {"done": "green", "failing": "red", "not started": "dim"}
    table = Table(title=loaded.title)
    for column in ("exercise", "status", "checks", "points"):
        table.add_column(column)
    for item in progress:
        table.add_row(item.name, f"[{colour[item.status]}]{item.status}[/]", f"{item.passed}/{item.total}",
                      str(item.points))
    console.print(table)
    failing = next((p for p in progress if p.status == "failing"), None)
    if failing and failing.first_failure:
        console.print(f"\n[bold]{failing.name}[/]: {failing.first_failure.question}")
        console.print(failing.first_failure.message, markup=False)
    console.print(f"\n{next_step(progress)}")


@main.command()
@click.argument("name")
@click.option("--again", is_flag=True, help="Show the last hint again instead of the next one.")
@course_option
def hint(name: str, again: bool, course: str | None) -> None:
    """Show the next hint for exercise NAME."""
    from jackit.hints import next_hint

    loaded = open_course(course, check_files=False)
    try:
        shown = next_hint(course=loaded, name=name, again=again)
    except KeyError as err:
        fail(err.args[0])
    console.print(f"[bold]Hint {shown.number}/{shown.total} for {name}[/]\n{shown.text}")
    if shown.last:
        console.print("[dim](that was the last hint)[/]")


@main.command()
@click.argument("name", required=False)
@click.option("--interval", type=click.FloatRange(0.05, 10), default=0.5, show_default=True,
              help="Seconds between two looks at the file.")
@course_option
def watch(name: str | None, interval: float, course: str | None) -> None:
    """Re-run the checks of exercise NAME (default: the current one) every time you save it."""
    from jackit.watch import watch as watch_exercise

    loaded = open_course(course, check_files=False)
    try:
        watch_exercise(course=loaded, name=name, interval=interval,
                       emit=lambda text: console.print(f"\n{text}", markup=False, highlight=False))
    except KeyError as err:
        fail(err.args[0])
    except KeyboardInterrupt:
        console.print("\nStopped watching.")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port of the server (default: 8888 or the next free one).")
@course_option
def lab(port: int | None, course: str | None) -> None:
    """Open the exercise notebooks in JupyterLab."""
    import os

    from jackit.lab import LabError, lab_command

    try:
        command = lab_command(course=open_course(course, check_files=False), port=port)
    except LabError as err:
        fail(str(err))
    os.execv(command[0], command)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/grades"), show_default=True,
              help="Folder for <student>/results.json and grades.csv.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Submissions graded in parallel.")
@click.option("--secret-file", type=click.Path(path_type=Path), default=None,
              help="Instructor secret for per-student inputs (default: .jackit/secret, created once).")
@click.option("--resume", is_flag=True, help="Keep results whose submission has not changed.")
@click.option("--exercises", default=None, metavar="A,B,...",
              help="Grade only these exercises (one week's assignment); default: the whole course.")
@course_option
def grade(paths: tuple[Path, ...], out: Path, jobs: int, secret_file: Path | None, resume: bool,
          exercises: str | None, course: str | None) -> None:
    """Grade submissions: a folder, a .zip, a class folder, or nbgrader's submitted/."""
    from jackit.grading.batch import grade_class
    from jackit.grading.submissions import SubmissionError
    from jackit.render.terminal import progress_bar, render_class_table

    path = course_file(course)
    try:
        with progress_bar(console) as on_progress:
            result = grade_class(paths=list(paths), out=out, course_path=path, jobs=jobs,
                                 exercises=exercises.split(",") if exercises else None,
                                 secret_file=secret_file, resume=resume, on_progress=on_progress)
    except (CourseError, SubmissionError, FileNotFoundError, ValueError) as err:
        fail(str(err))
    render_class_table(console, result)


@main.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The PNG to write (one page only; default: each page's name with .png).")
@click.option("--width", type=click.IntRange(320, 4000), default=1000, show_default=True,
              help="Viewport width in pixels.")
def screenshot(pages: tuple[Path, ...], out: Path | None, width: int) -> None:
    """Save a full-page PNG of HTML pages (feedback pages, the class report) with headless Chromium."""
    from jackit.render.screenshot import ScreenshotError, screenshot as take

    if out is not None and len(pages) != 1:
        fail("--out names one PNG: give one page, or leave --out out to write PAGE.png beside each page")
    pairs = [(page, out if out is not None else page.with_suffix(".png")) for page in pages]
    try:
        written = take(pairs, width=width)
    except ScreenshotError as err:
        fail(str(err))
    for path in written:
        console.print(f"wrote {path}")


@main.command()
@click.option("--bundle", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="PATH.zip",
              help="Then write the student release (stubs, self-checks, notebooks, public course.toml, "
                   "jackit's wheel, README, setup.sh) as this zip.")
@click.option("--bundle-dir", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="The same student release as a folder (new or empty).")
@course_option
def release(bundle: Path | None, bundle_dir: Path | None, course: str | None) -> None:
    """Regenerate the student stubs and notebooks in exercises/ from the solutions and notebook sources
    (then, with --bundle or --bundle-dir, write what students receive)."""
    from jackit.bundle import BundleError, release_bundle
    from jackit.notebooks import NotebookSourceError
    from jackit.release import ReleaseError, release_course

    from jackit.nbgrader_source import write_source

    loaded = open_course(course, check_files=False)
    try:
        changes = release_course(course=loaded)
        if (loaded.root / "autograder" / "nbgrader").is_dir():  # keep nbgrader's source in step with the course
            changes += write_source(course=loaded)
    except (ReleaseError, NotebookSourceError, BundleError) as err:
        fail(str(err))
    for change in changes:
        console.print(f"{change.status:>9}  {change.path.relative_to(loaded.root)}")
    if bundle or bundle_dir:
        try:
            summary = release_bundle(course=loaded, zip_path=bundle, folder=bundle_dir)
        except BundleError as err:
            fail(str(err))
        for path in summary.written:
            console.print(f"wrote {path} ({summary.files} files, with {summary.wheel}): give it to your students",
                          soft_wrap=True)


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The zip to write (default: submission.zip in the release folder).")
@course_option
def submit(out: Path | None, course: str | None) -> None:
    """Pack exercises/<name>.py of every exercise into submission.zip, the file you hand in."""
    from jackit.submit import SubmitError, find_release, pack_submission, size_text

    try:
        release = Path(course).parent if course else find_release()
        packed = pack_submission(release=release, out=out)
    except SubmitError as err:
        fail(str(err))
    count = f"{len(packed.modules)} module{'s' if len(packed.modules) != 1 else ''}"
    console.print(f"wrote {packed.path} ({count}, {size_text(packed.size)}): hand it in as your course says "
                  "(on Gradescope, upload the zip as it is)", soft_wrap=True)


@main.group()
def dev() -> None:
    """Commands for course authors."""


@dev.command("check")
@click.option("--no-hidden", is_flag=True, help="Skip grading the solutions through the hidden tests.")
@course_option
def dev_check_command(no_hidden: bool, course: str | None) -> None:
    """Check that the course is consistent: files, stubs, public and hidden tests."""
    from jackit.dev import dev_check

    findings = dev_check(course_path=course_file(course), hidden=not no_hidden)
    for finding in findings:
        console.print(f"[red]✗[/] {finding}", markup=True, soft_wrap=True)
    if findings:
        sys.exit(1)
    console.print("[green]✓[/] the course is consistent")


@main.group()
def gradescope() -> None:
    """Gradescope: build the autograder bundle, grade inside Gradescope's container."""


@gradescope.command("build")
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/autograder.zip"), show_default=True)
@click.option("--secret-file", type=click.Path(path_type=Path), default=None,
              help="Instructor secret (default: .jackit/secret, created once).")
@course_option
def gradescope_build(out: Path, secret_file: Path | None, course: str | None) -> None:
    """Write autograder.zip (setup.sh, run_autograder, the course and jackit) for Gradescope."""
    from jackit.gradescope import build_autograder_zip
    from jackit.grading.batch import default_secret_file
    from jackit.grading.seeds import load_secret

    loaded = open_course(course)
    default = default_secret_file(loaded)
    try:
        secret = load_secret(secret_file or default, create=secret_file is None)
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    path = build_autograder_zip(course=loaded, out=out, secret=secret)
    console.print(f"wrote {path} (upload it as the assignment's autograder; it holds the hidden tests and the "
                  "secret: do not share it)")


@gradescope.command("run")
@click.option("--root", type=click.Path(path_type=Path), default=Path("/autograder"), show_default=True)
def gradescope_run(root: Path) -> None:
    """Grade /autograder/submission into /autograder/results/results.json (what run_autograder calls)."""
    from jackit.gradescope import run_in_gradescope

    data = run_in_gradescope(root=root)
    console.print(f"score {data.get('score', 0):g}")


@main.group()
def nbgrader() -> None:
    """nbgrader: the course directory whose autograde step scores with jackit's grader."""


@nbgrader.command("source")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="The nbgrader course directory (default: autograder/nbgrader/ beside course.toml).")
@course_option
def nbgrader_source(out: Path | None, course: str | None) -> None:
    """Write nbgrader_config.py and source/<course>/ (stubs, public checks, one notebook per exercise)."""
    from jackit.bundle import BundleError
    from jackit.nbgrader_source import default_target, write_source
    from jackit.notebooks import NotebookSourceError
    from jackit.release import ReleaseError

    loaded = open_course(course)
    target = out or default_target(loaded)
    try:
        changes = write_source(course=loaded, target=target)
    except (ReleaseError, NotebookSourceError, BundleError) as err:
        fail(str(err))
    for change in changes:
        if change.status != "unchanged":
            console.print(f"{change.status:>9}  {change.path.relative_to(target)}")
    unchanged = sum(change.status == "unchanged" for change in changes)
    console.print(f"nbgrader course directory {target}: {len(changes) - unchanged} written, {unchanged} unchanged")
