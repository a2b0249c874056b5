"""The estimate is √‖JᵀJ u‖ from the last iteration's product, not ‖J u‖ at the final unit vector.
Breaks: power_iteration
"""


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = u0 / np.linalg.norm(u0)
    if n_iters == 0:
        return float(np.linalg.norm(jvp(u)))
    for _ in range(n_iters):
        w = vjp(jvp(u))
        length = np.linalg.norm(w)
        u = w / length
    return float(np.sqrt(length))
