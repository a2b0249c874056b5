"""Row by row and entry by entry with Python loops and math: the sums of the formulas written out."""

import math


def _rows(a):
    """The rows of a batch S + (C,) as a 2-D array (M, C), M = prod(S)."""
    a = np.asarray(a, dtype=float)
    return a.reshape(-1, a.shape[-1])


def _softmax_row(row):
    m = max(row)
    e = [math.exp(x - m) for x in row]
    total = math.fsum(e)
    return [x / total for x in e]


def softmax(z):
    z = np.asarray(z, dtype=float)
    out = np.array([_softmax_row(list(row)) for row in _rows(z)])
    return out.reshape(z.shape)


def softmax_jacobian(z):
    z = np.asarray(z, dtype=float)
    c = z.shape[-1]
    blocks = []
    for row in _rows(z):
        s = _softmax_row(list(row))
        block = np.zeros((c, c))
        for i in range(c):
            for j in range(c):
                block[i, j] = s[i] * ((1.0 if i == j else 0.0) - s[j])
        blocks.append(block)
    return np.array(blocks).reshape(z.shape + (c,))


def softmax_vjp(z, d_out):
    z = np.asarray(z, dtype=float)
    out = np.zeros(_rows(z).shape)
    for r, (row, v) in enumerate(zip(_rows(z), _rows(d_out))):
        s = _softmax_row(list(row))
        inner = math.fsum(vi * si for vi, si in zip(v, s))
        for i in range(len(s)):
            out[r, i] = s[i] * (v[i] - inner)
    return out.reshape(z.shape)


def cross_entropy(logits, labels):
    n, c = logits.shape
    loss = 0.0
    d_logits = np.zeros((n, c))
    for r in range(n):
        k = int(np.argmax(labels[r])) if np.ndim(labels) == 2 else int(labels[r])
        m = max(logits[r])
        log_total = m + math.log(math.fsum(math.exp(x - m) for x in logits[r]))
        loss -= logits[r, k] - log_total  # −log s_k = log Σ e^z − z_k
        for i in range(c):
            d_logits[r, i] = (math.exp(logits[r, i] - log_total) - (1.0 if i == k else 0.0)) / n
    return loss / n, d_logits
