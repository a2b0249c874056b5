"""Kaiming divides by fan_out: √(2 / fan_out) instead of √(2 / fan_in).
Breaks: initialisation
"""


def init_scale(fan_in, fan_out, kind):
    if kind == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    return float(np.sqrt(2.0 / fan_out))
