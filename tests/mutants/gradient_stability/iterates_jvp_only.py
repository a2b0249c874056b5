"""Power iteration with JVPs only: u ← J u / ‖J u‖ instead of u ← JᵀJ u / ‖JᵀJ u‖.
Breaks: power_iteration
"""


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = u0 / np.linalg.norm(u0)
    for _ in range(n_iters):
        u = jvp(u)
        u = u / np.linalg.norm(u)
    return float(np.linalg.norm(jvp(u)))
