"""Averages over the batch: divides the element-wise product by the batch size z.shape[0].
Breaks: backward, large_batch
"""


def sigmoid_backward(z, d_out):
    z = np.asarray(z, dtype=float)
    s = sigmoid(z)
    return d_out * s * (1.0 - s) / z.shape[0]
