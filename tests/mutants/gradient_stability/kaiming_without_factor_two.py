"""Kaiming without the factor 2: √(1 / fan_in) instead of √(2 / fan_in).
Breaks: initialisation
"""


def init_scale(fan_in, fan_out, kind):
    if kind == "kaiming":
        return float(np.sqrt(1.0 / fan_in))
    return float(np.sqrt(2.0 / (fan_in + fan_out)))
