"""The textbook e^z / Σ e^z with no shift: overflows (inf / inf) and underflows (0 / 0) at |z| ≈ 1000.
Breaks: softmax
"""


def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
