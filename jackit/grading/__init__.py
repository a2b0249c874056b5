"""The trusted grader: hidden tests run here; student code runs only in the sandboxed worker."""

from jackit.grading.hidden import part

__all__ = ["part"]
