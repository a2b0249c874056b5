"""d_logits is (Y − P) / N: the sign of the loss layer's gradient is flipped.
Breaks: loss, training
Same as: ascends_the_gradient (the student's own train then climbs the loss: identical values)
"""


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    one_hot = np.eye(logits.shape[1])[labels]
    return float(-log_p[np.arange(n), labels].mean()), (one_hot - np.exp(log_p)) / n
