"""The sigmoid's backward pass, s(1 − s) ⊙ v: the diagonal of the Jacobian only.
Breaks: vjp
"""


def softmax_vjp(z, d_out):
    s = softmax(z)
    return s * (1 - s) * d_out
