"""Sign error in the VJP: s ⊙ (v + ⟨v, s⟩).
Breaks: vjp
"""


def softmax_vjp(z, d_out):
    s = softmax(z)
    return s * (d_out + np.sum(d_out * s, axis=-1, keepdims=True))
