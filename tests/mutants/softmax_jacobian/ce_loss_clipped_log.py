"""The log 0 avoided by clipping the probabilities at 1e-12: the loss saturates near 27.6 per sample.
Breaks: cross_entropy
"""


def cross_entropy(logits, labels):
    n, c = logits.shape
    y = labels if labels.ndim == 2 else one_hot(labels, c)
    s = softmax(logits)
    loss = -np.sum(y * np.log(np.maximum(s, 1e-12))) / n
    return float(loss), (s - y) / n
