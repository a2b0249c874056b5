"""Only the diagonal blocks J[n, :, n, :] are used: right for the layer's J, wrong for a general one.
Breaks: through_jacobian
"""


def vjp_through_jacobian(J, d_out):
    N, D_out, _, D_in = J.shape
    dX = np.zeros((N, D_in))
    for n in range(N):
        dX[n] = J[n, :, n, :].T @ d_out[n]
    return dX
