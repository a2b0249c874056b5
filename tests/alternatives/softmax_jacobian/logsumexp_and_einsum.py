"""softmax as e^(z − logsumexp(z)), einsum for the Jacobian and the VJP, integer labels picked by indexing."""


def _logsumexp(z):
    m = np.max(z, axis=-1, keepdims=True)
    return m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))


def softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z - _logsumexp(z))


def softmax_jacobian(z):
    s = softmax(z)
    eye = np.eye(s.shape[-1])
    return np.einsum("...i,ij->...ij", s, eye) - np.einsum("...i,...j->...ij", s, s)


def softmax_vjp(z, d_out):
    s = softmax(z)
    inner = np.einsum("...i,...i->...", d_out, s)[..., None]
    return s * d_out - s * inner  # diag(s) v − s (sᵀ v)


def cross_entropy(logits, labels):
    n = logits.shape[0]
    log_s = logits - _logsumexp(logits)
    k = np.argmax(labels, axis=1) if labels.ndim == 2 else labels
    rows = np.arange(n)
    grad = np.exp(log_s)
    grad[rows, k] -= 1.0
    return float(-np.mean(log_s[rows, k])), grad / n
