"""The estimate is the Rayleigh quotient uᵀJᵀJu = ‖J u‖², the eigenvalue σ² of JᵀJ, not σ.
Breaks: power_iteration
"""


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = u0 / np.linalg.norm(u0)
    for _ in range(n_iters):
        w = vjp(jvp(u))
        u = w / np.linalg.norm(w)
    return float(u @ vjp(jvp(u)))
