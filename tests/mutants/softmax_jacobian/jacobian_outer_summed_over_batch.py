"""The outer product written s.T @ s: on a batch it sums every row's s sᵀ (for one row, it is ⟨s, s⟩).
Breaks: jacobian
"""


def softmax_jacobian(z):
    s = softmax(z)
    return s[..., :, None] * np.eye(s.shape[-1]) - s.T @ s
