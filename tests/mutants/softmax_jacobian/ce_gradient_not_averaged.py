"""The loss is a mean but its gradient forgets the 1/N: S − Y.
Breaks: cross_entropy
"""


def cross_entropy(logits, labels):
    n, c = logits.shape
    y = labels if labels.ndim == 2 else one_hot(labels, c)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_s = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-(y * log_s).sum() / n), np.exp(log_s) - y
