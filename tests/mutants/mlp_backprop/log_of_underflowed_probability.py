"""A stable softmax, but the loss takes the log of P: −log 0 = inf when the true class is far below the maximum.
Breaks: loss
"""


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exps / exps.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(n), labels]))
    d_logits = probs.copy()
    d_logits[np.arange(n), labels] -= 1
    return float(loss), d_logits / n
