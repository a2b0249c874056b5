"""The class table and the progress bar in the terminal."""

from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jackit.grading.batch import ClassResult


@contextmanager
def progress_bar(console: Console):
    """Yields an on_progress(done, total, row) callback that advances a bar."""
    with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, row) -> None:
            bar.update(task, completed=done, total=total, description=row.student)

        yield advance


def render_class_table(console: Console, result: ClassResult) -> None:
    names = [e.name for e in result.course.exercises]
    table = Table(title=f"{result.course.title}: {len(result.rows)} submissions")
    table.add_column("student", no_wrap=True, overflow="ellipsis", max_width=28)
    for number, _ in enumerate(result.course.exercises, start=1):
        table.add_column(str(number), justify="right")  # numbered: the legend below names them
    table.add_column("total", justify="right", style="bold", no_wrap=True)
    for row in result.rows:
        cells = [f"{row.exercises.get(n, 0):g}" for n in names]
        total = f"{row.total:g}/{row.maximum:g}" if row.status != "error" else "[red]error[/]"
        table.add_row(row.student, *cells, total)
    console.print(table)
    console.print("  ".join(f"{n} {e.name}" for n, e in enumerate(result.course.exercises, start=1)),
                  style="dim")
    errors = [r for r in result.rows if r.status == "error"]
    for row in errors:
        console.print(f"[red]could not grade {row.student}:[/] {row.message}", markup=True)
    resumed = sum(r.status == "resumed" for r in result.rows)
    console.print(f"sandbox: {result.sandbox}" + (f"  [yellow]{result.warning}[/]" if result.warning else ""))
    if resumed:
        console.print(f"{resumed} unchanged results kept (--resume)")
    console.print(f"results: {result.out}/<student>/results.json   grades: {result.grades_csv}   "
                  f"({result.seconds:.1f} s)")
    console.print(f"feedback: {result.out}/<student>/feedback.html   class report: {result.out}/report.html")
