"""Off by one: range(1, n_iters) makes n_iters − 1 updates of u.
Breaks: power_iteration
"""


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = u0 / np.linalg.norm(u0)
    for _ in range(1, n_iters):
        w = vjp(jvp(u))
        u = w / np.linalg.norm(w)
    return float(np.linalg.norm(jvp(u)))
