"""The trusted grader: hidden tests run here; student code runs only in the sandboxed worker."""

from jackit.grading.hidden import part
from jackit.grading.misconceptions import misconception

__all__ = ["misconception", "part"]
