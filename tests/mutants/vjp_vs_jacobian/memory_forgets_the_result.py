"""The result dX left out of both bills: J alone against Δ alone.
Breaks: memory
"""


def memory_ratio(N, D_in, D_out):
    jacobian_bytes = 8 * N * D_out * N * D_in
    direct_bytes = 8 * N * D_out
    return jacobian_bytes, direct_bytes, jacobian_bytes / direct_bytes
