"""Entries counted instead of bytes: the factor 8 of float64 is missing (the ratio is right).
Breaks: memory
"""


def memory_ratio(N, D_in, D_out):
    jacobian_entries = N * D_out * N * D_in + N * D_in
    direct_entries = N * D_out + N * D_in
    return jacobian_entries, direct_entries, jacobian_entries / direct_entries
