"""The one-row formula on a batch: the max and the sum are taken over the whole batch, not per row.
Breaks: softmax, jacobian, vjp
"""


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)
