"""The loss is a mean, but its gradient is P − Y without the 1/N.
Breaks: loss, training
"""


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    d_logits = np.exp(log_p)
    d_logits[np.arange(n), labels] -= 1.0
    return float(-log_p[np.arange(n), labels].mean()), d_logits
