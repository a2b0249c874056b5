"""np.meshgrid with its default indexing='xy': the grid comes out (n_v, n_u), v along the first axis.
Breaks: midpoint
"""


def midpoint_grid(domain, n):
    (u0, u1), (v0, v1) = domain
    u, alpha = midpoint_rule(u0, u1, n[0])
    v, beta = midpoint_rule(v0, v1, n[1])
    U, V = np.meshgrid(u, v)
    A, B = np.meshgrid(alpha, beta)
    return np.stack([U, V], axis=-1), A * B
