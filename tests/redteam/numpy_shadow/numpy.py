"""A module named numpy.py in the submission, trying to shadow numpy (for the student's own code
and for anything else in the worker). It must not: the submission folder comes last on sys.path.
"""

raise ImportError("the submission's numpy.py was imported")
