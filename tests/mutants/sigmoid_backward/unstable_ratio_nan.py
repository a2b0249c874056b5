"""The other textbook formula e^z / (1 + e^z): inf / inf = nan for z > 709.8.
Breaks: sigmoid
"""


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z)
    return e / (1.0 + e)
