"""u is normalised once at the start, never inside the loop: u ← JᵀJ u grows like σ_max^(2k).
Breaks: power_iteration
"""


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = u0 / np.linalg.norm(u0)
    for _ in range(n_iters):
        u = vjp(jvp(u))
    return float(np.linalg.norm(jvp(u)))
