"""Normalised along axis 0 (the batch) instead of the last axis (the classes).
Breaks: softmax, jacobian, vjp
"""


def softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
