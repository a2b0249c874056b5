"""The batch flattened to rows, np.diag and np.outer per row, the VJP as Jᵀv for a row's J assembled lazily
(J v = diag(s) v − s (sᵀ v)), and a softmax with the shift in place."""


def softmax(z):
    z = np.array(z, dtype=float)  # a copy: shifted in place below
    z -= np.max(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= np.sum(z, axis=-1, keepdims=True)
    return z


def softmax_jacobian(z):
    z = np.asarray(z, dtype=float)
    c = z.shape[-1]
    rows = softmax(z).reshape(-1, c)
    blocks = np.stack([np.diag(s) - np.outer(s, s) for s in rows]) if len(rows) else np.zeros((0, c, c))
    return blocks.reshape(z.shape + (c,))


def softmax_vjp(z, d_out):
    s = softmax(z)
    c = s.shape[-1]
    flat_s, flat_v = s.reshape(-1, c), np.asarray(d_out, dtype=float).reshape(-1, c)
    dots = np.sum(flat_s * flat_v, axis=1)  # sᵀ v, one per row
    return (flat_s * flat_v - flat_s * dots[:, None]).reshape(s.shape)  # J symmetric: Jᵀ v = J v


def cross_entropy(logits, labels):
    n, c = logits.shape
    y = np.asarray(labels, dtype=float) if np.ndim(labels) == 2 else np.eye(c)[labels]
    m = logits.max(axis=1, keepdims=True)
    log_s = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    s = softmax(logits)
    return float(np.sum(-y * log_s) / n), (s - y) / n
