"""Explicit diagonal matrices and loops; the norm as √(uᵀJᵀJu); each depth's product recomputed with multi_dot."""


def layer_jacobians(x, weights):
    h = np.array(x, dtype=float)
    result = []
    for W in weights:
        z = W @ h
        result.append(np.diag(1.0 - np.tanh(z) ** 2) @ W)
        h = np.tanh(z)
    return result


def end_to_end_jacobian(x, weights):
    J = np.eye(len(x))
    for J_l in layer_jacobians(x, weights):
        J = J_l @ J
    return J


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    u = np.array(u0, dtype=float)
    u /= np.sqrt(np.sum(u * u))
    k = 0
    while k < n_iters:
        w = vjp(jvp(u))
        u = w / np.sqrt(np.sum(w * w))
        k += 1
    return float(np.sqrt(u @ vjp(jvp(u))))


def init_scale(fan_in, fan_out, kind):
    import math

    variance = {"xavier": 2.0 / (fan_in + fan_out), "kaiming": 2.0 / fan_in}[kind]
    return math.sqrt(variance)


def norms_by_depth(width, depth, std, seed, activation):
    x, weights = random_network(width, depth, std, seed)
    jacobians = []
    h = x
    for W in weights:
        z = W @ h
        slope = np.zeros(width)
        for i in range(width):
            if activation == "tanh":
                slope[i] = 1.0 - np.tanh(z[i]) ** 2
            elif activation == "relu":
                slope[i] = 1.0 if z[i] > 0 else 0.0
            else:
                slope[i] = 1.0
        h = np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0) if activation == "relu" else z
        jacobians.append(np.diag(slope) @ W)
    norms = np.zeros(depth)
    for l in range(1, depth + 1):
        factors = jacobians[:l][::-1]  # J_l, …, J_1
        P = factors[0] if l == 1 else np.linalg.multi_dot(factors) if l > 2 else factors[0] @ factors[1]
        norms[l - 1] = np.linalg.svd(P, compute_uv=False)[0]
    return norms
