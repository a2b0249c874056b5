"""The variance 2 / (fan_in + fan_out) (or 2 / fan_in) is returned instead of its square root.
Breaks: initialisation
"""


def init_scale(fan_in, fan_out, kind):
    if kind == "xavier":
        return 2.0 / (fan_in + fan_out)
    return 2.0 / fan_in
