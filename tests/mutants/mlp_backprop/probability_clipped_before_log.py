"""log(P + 1e-12) "for safety": −log P is capped near 27.6 where the true class is unlikely.
Breaks: loss
"""


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exps / exps.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(n), labels] + 1e-12))
    d_logits = probs.copy()
    d_logits[np.arange(n), labels] -= 1
    return float(loss), d_logits / n
