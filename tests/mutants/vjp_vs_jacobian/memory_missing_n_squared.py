"""The Jacobian's bytes counted from its N diagonal blocks only: N·D_out·D_in entries instead of N²·D_out·D_in.
Breaks: memory
"""


def memory_ratio(N, D_in, D_out):
    jacobian_bytes = 8 * (N * D_out * D_in + N * D_in)
    direct_bytes = 8 * (N * D_out + N * D_in)
    return jacobian_bytes, direct_bytes, jacobian_bytes / direct_bytes
