"""Rendering of grading results.

terminal   the class table and the progress bar
feedback   one student's page, DIR/<student>/feedback.html (from the in-memory result and its evidence)
report     the class report, DIR/report.html (from the results.json files)
evidence   which picture shows a wrong answer best
plots      matplotlib pictures as PNG data URIs (matplotlib is optional)
html       the shared page skeleton, stylesheet and escaping
screenshot PNG screenshots of those pages with headless Chromium (for `make demo`)
"""
