"""u0 is used as it is: normalised only inside the loop, so with n_iters = 0 the estimate is ‖J u0‖.
Breaks: power_iteration
"""


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = u0
    for _ in range(n_iters):
        w = vjp(jvp(u))
        u = w / np.linalg.norm(w)
    return float(np.linalg.norm(jvp(u)))
