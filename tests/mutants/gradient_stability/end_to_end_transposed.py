"""The end-to-end Jacobian is built as the backward product J_1ᵀ ⋯ J_Lᵀ: the transpose, shape (d_0, d_L).
Breaks: jacobians
"""


def end_to_end_jacobian(x, weights):
    jacobians = layer_jacobians(x, weights)
    J = jacobians[0].T
    for J_l in jacobians[1:]:
        J = J @ J_l.T
    return J
