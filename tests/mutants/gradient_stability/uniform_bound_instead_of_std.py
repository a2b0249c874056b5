"""The bound of the uniform variant, √(6 / (fan_in + fan_out)) and √(6 / fan_in), instead of the standard deviation.
Breaks: initialisation
"""


def init_scale(fan_in, fan_out, kind):
    if kind == "xavier":
        return float(np.sqrt(6.0 / (fan_in + fan_out)))
    return float(np.sqrt(6.0 / fan_in))
