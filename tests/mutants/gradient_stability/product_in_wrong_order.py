"""The layer Jacobians are multiplied first layer on the left: J_1 J_2 ⋯ J_L instead of J_L ⋯ J_1.
Breaks: jacobians
"""


def end_to_end_jacobian(x, weights):
    J = None
    for J_l in layer_jacobians(x, weights):
        J = J_l if J is None else J @ J_l
    return J
