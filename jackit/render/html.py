"""The HTML both pages share: one self-contained document skeleton, its stylesheet, small builders.

Every page jackit writes opens from a file with no network: styles are inline, images are PNG data
URIs, there is no script. Every string that may come from a student (ids, messages quoting their
values, exception reasons) goes through `esc`.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

STYLE = """
:root { --ok: #1a7f37; --bad: #c62828; --todo: #6e7781; --warn: #9a6700; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2328;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.subtitle { color: var(--todo); margin: 0 0 1rem; }
.total { font-size: 2.2rem; font-weight: 700; margin: .5rem 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.exercise td { background: var(--soft); font-weight: 600; }
.status { font-weight: 600; white-space: nowrap; }
.status.passed { color: var(--ok); } .status.failed { color: var(--bad); }
.status.not-started, .status.hidden { color: var(--todo); }
.part { border: 1px solid var(--line); border-radius: 8px; padding: .25rem 1rem 1rem; margin: 1rem 0; }
.test { margin: .75rem 0 0; }
.question { margin: .25rem 0; }
.question.passed::before { content: "✓ "; } .question.failed::before { content: "✗ "; }
.question.passed { color: #57606a; } .question.failed { color: #1f2328; font-weight: 600; }
.misconception { background: #fff4e5; border-left: 4px solid #f0883e; padding: .5rem .75rem; margin: .4rem 0;
                 border-radius: 0 6px 6px 0; }
.misconception strong { color: #953800; }
.crash { background: #ffebe9; border-left: 4px solid var(--bad); padding: .5rem .75rem; margin: .4rem 0;
         border-radius: 0 6px 6px 0; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem;
      white-space: pre-wrap; word-break: break-word; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace;
      margin: .4rem 0; }
code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: var(--soft); padding: 0 .25rem;
       border-radius: 4px; }
figure { margin: .5rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: #57606a; font-size: .85rem; }
.note { color: #57606a; font-size: .9rem; }
.wide { overflow-x: auto; }
th.exercise-name { font-size: .8rem; font-weight: 600; }
.bar { display: inline-block; height: .7rem; background: #0969da; vertical-align: middle; border-radius: 2px; }
"""


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    """A whole self-contained document."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def figure(image, caption: str) -> str:
    """An image (a jackit.render.plots.Image) with its caption."""
    return (f'<figure><img src="{image.data_uri}" width="{image.width}" height="{image.height}" '
            f'alt="{esc(image.alt)}"><figcaption>{esc(caption)}</figcaption></figure>')


def score(value: float, maximum: float) -> str:
    return f"{value:g} / {maximum:g}"


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a page so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
