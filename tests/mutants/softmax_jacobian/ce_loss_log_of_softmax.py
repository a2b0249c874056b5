"""The loss as log(softmax(z)): −log 0 = inf where the true class's probability rounds to 0.
Breaks: cross_entropy
"""


def cross_entropy(logits, labels):
    n, c = logits.shape
    y = labels if labels.ndim == 2 else one_hot(labels, c)
    s = softmax(logits)
    k = np.argmax(y, axis=1)
    loss = -np.mean(np.log(s[np.arange(n), k]))
    return float(loss), (s - y) / n
