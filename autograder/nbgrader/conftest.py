"""nbgrader's course folder: copies of the student release and nbgrader's working folders, no hidden
tests. `pytest autograder/` collects nothing here (the stubs would fail their self-checks)."""

collect_ignore_glob = ["*"]
