"""Xavier uses fan_in only: √(1 / fan_in) instead of √(2 / (fan_in + fan_out)).
Breaks: initialisation
"""


def init_scale(fan_in, fan_out, kind):
    if kind == "xavier":
        return np.sqrt(1 / fan_in)
    return np.sqrt(2 / fan_in)
