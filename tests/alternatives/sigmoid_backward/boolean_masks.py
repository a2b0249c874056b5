"""Each formula evaluated only where it is safe (boolean masks); the Jacobian by filling its diagonal."""


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


def sigmoid_jacobian(z):
    s = sigmoid(z)
    n = s.shape[-1]
    J = np.zeros(s.shape + (n,))
    diagonal = np.arange(n)
    J[..., diagonal, diagonal] = s - s * s
    return J


def sigmoid_backward(z, d_out):
    s = sigmoid(z)
    return (s - s * s) * d_out
