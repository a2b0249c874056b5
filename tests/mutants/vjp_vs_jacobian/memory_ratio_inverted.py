"""The ratio upside down: direct_bytes / jacobian_bytes (the byte counts are right).
Breaks: memory
"""


def memory_ratio(N, D_in, D_out):
    jacobian_bytes = 8 * (N * D_out * N * D_in + N * D_in)
    direct_bytes = 8 * (N * D_out + N * D_in)
    return jacobian_bytes, direct_bytes, direct_bytes / jacobian_bytes
