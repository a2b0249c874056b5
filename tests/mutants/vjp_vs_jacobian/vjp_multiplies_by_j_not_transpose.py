"""J vec(d_out) instead of Jᵀ vec(d_out): a shape error unless D_in = D_out, a wrong value then.
Breaks: through_jacobian
"""


def vjp_through_jacobian(J, d_out):
    N, D_out, _, D_in = J.shape
    matrix = J.reshape(N * D_out, N * D_in)
    return (matrix @ d_out.reshape(-1)).reshape(N, D_in)
