"""jackit: auto-graded exercises on the Jacobian matrix and its uses in deep learning."""

__version__ = "0.1.0"
