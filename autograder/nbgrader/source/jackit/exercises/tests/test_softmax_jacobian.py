"""Self-checks for softmax_jacobian (beyond the core). Run: pytest exercises/tests/test_softmax_jacobian.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_grad, check_jacobian, check_vjp

Z = np.array([[0.5, -1.2, 2.0, 0.1], [1.5, 0.3, -0.7, -2.2]])
V = np.array([[0.8, -0.4, 1.3, -2.1], [-0.6, 1.7, 0.2, -0.9]])


def textbook_softmax(z):
    """e^z / Σ e^z along the last axis: fine for the moderate logits of these checks, NOT for |z| ≈ 1000."""
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)


def textbook_jacobian(z):
    """diag(s) − s sᵀ for one row of logits, built with np.diag and np.outer."""
    s = textbook_softmax(z)
    return np.diag(s) - np.outer(s, s)


def textbook_loss(logits, labels):
    """The mean of −log softmax(logits)[n, labels[n]], for moderate logits."""
    return -np.mean(np.log(textbook_softmax(logits)[np.arange(len(labels)), labels]))


@pytest.mark.part("softmax")
def test_softmax_normalises_each_row(exercise, tol):
    """Does softmax match e^z / Σ e^z row by row on a (2, 4) batch and a (2, 2, 3) batch?"""
    check_close(exercise.softmax(Z), textbook_softmax(Z), rtol=tol.reference, name="softmax(z) on a (2, 4) batch")
    z = np.linspace(-2.0, 3.0, 12).reshape(2, 2, 3)
    check_close(exercise.softmax(z), textbook_softmax(z), rtol=tol.reference, name="softmax(z) on a (2, 2, 3) batch")


@pytest.mark.part("softmax")
def test_softmax_of_huge_logits(exercise, tol):
    """With rows near +1000 and −1000 in one batch, is softmax finite, with no overflow, and equal to
    the softmax of the rows shifted to moderate values?"""
    shift = np.array([[1000.0], [-1000.0], [0.0]])
    z = np.array([[0.0, 2.0, -1.0], [1.0, 1.0, 3.0], [0.5, -0.5, 0.0]]) + shift
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            got, problem = exercise.softmax(z), None
    except FloatingPointError as err:
        problem = str(err)
    if problem:
        pytest.fail(f"softmax(z) with logits near ±1000: numpy reports '{problem}'. In float64 e^1000 is inf "
                    "(inf / inf = nan) and e^(−1000) is 0 (0 / 0 = nan). softmax(z) = softmax(z − c) for any c: "
                    "subtract each row's own maximum before exponentiating.", pytrace=False)
    check_close(got, textbook_softmax(z - shift), rtol=tol.reference, name="softmax at logits near ±1000")


@pytest.mark.part("jacobian")
def test_jacobian_of_a_batch_is_diag_s_minus_s_s_transpose(exercise, tol):
    """For the rows log (1, 1, 2) and (0.3, −1.2, 2), are the blocks 16 J = [[3, −1, −2], [−1, 3, −2], [−2, −2, 4]]
    and diag(s) − s sᵀ, in an array of shape (2, 3, 3)?"""
    z = np.array([np.log([1.0, 1.0, 2.0]), [0.3, -1.2, 2.0]])
    expected = np.stack([np.array([[3.0, -1.0, -2.0], [-1.0, 3.0, -2.0], [-2.0, -2.0, 4.0]]) / 16,
                         textbook_jacobian(z[1])])
    check_close(exercise.softmax_jacobian(z), expected, rtol=tol.reference, name="softmax_jacobian of a (2, 3) batch")


@pytest.mark.part("jacobian")
def test_jacobian_agrees_with_finite_differences(exercise, tol):
    """Is softmax_jacobian at z = (0.5, −1.2, 2, 0.1) the Jacobian of the softmax, by central differences?"""
    check_jacobian(textbook_softmax, Z[0], exercise.softmax_jacobian(Z[0]), rtol=tol.oracle,
                   name="softmax_jacobian(z) for one row of 4 logits")


@pytest.mark.part("vjp")
def test_vjp_is_the_upstream_gradient_times_the_jacobian(exercise, tol):
    """Is softmax_vjp(z, v) equal to vᵀ J row by row, with J = diag(s) − s sᵀ built explicitly?"""
    expected = np.stack([V[b] @ textbook_jacobian(Z[b]) for b in range(2)])
    check_close(exercise.softmax_vjp(Z, V), expected, rtol=tol.reference, name="softmax_vjp(z, v) on a (2, 4) batch")


@pytest.mark.part("vjp")
def test_vjp_agrees_with_finite_differences(exercise, tol):
    """Does softmax_vjp on a (2, 4) batch agree with central differences of v · softmax(z)?"""
    check_vjp(textbook_softmax, Z, V, exercise.softmax_vjp(Z, V), rtol=tol.oracle, name="softmax_vjp(z, v)")


@pytest.mark.part("vjp")
def test_vjp_on_a_large_batch_builds_no_matrix(exercise, tol):
    """Does softmax_vjp handle 32 rows of 20 000 classes, whose Jacobian blocks would need 102 GB?"""
    rng = np.random.default_rng(20261122)
    z, v = rng.normal(0.0, 2.0, size=(32, 20_000)), rng.standard_normal((32, 20_000))
    try:
        got, out_of_memory = exercise.softmax_vjp(z, v), False
    except MemoryError:
        out_of_memory = True
    if out_of_memory:
        pytest.fail("softmax_vjp ran out of memory on a (32, 20000) batch: it builds the Jacobian. "
                    "vᵀ(diag(s) − s sᵀ) = s ⊙ (v − ⟨v, s⟩), with one inner product ⟨v, s⟩ per row: "
                    "no matrix, no np.outer, no einsum with a Jacobian.", pytrace=False)
    s = textbook_softmax(z)
    check_close(got, s * (v - (v * s).sum(axis=-1, keepdims=True)), rtol=tol.reference,
                name="softmax_vjp on a (32, 20000) batch")


@pytest.mark.part("cross_entropy")
def test_cross_entropy_of_two_samples(exercise, tol):
    """For rows z = (0, log 3), (log 3, 0) both labelled 1, is L = (log(4/3) + log 4) / 2 and
    ∂L/∂Z = (S − Y) / 2 = [[1, −1], [3, −3]] / 8, with integer labels and with one-hot labels alike?"""
    logits = np.log([[1.0, 3.0], [3.0, 1.0]])
    gradient = np.array([[1.0, -1.0], [3.0, -3.0]]) / 8
    for labels, kind in [(np.array([1, 1]), "integer labels [1, 1]"),
                         (np.array([[0.0, 1.0], [0.0, 1.0]]), "one-hot labels")]:
        loss, d_logits = exercise.cross_entropy(logits, labels)
        check_close(loss, (np.log(4 / 3) + np.log(4.0)) / 2, rtol=tol.reference, name=f"the loss with {kind}")
        check_close(d_logits, gradient, rtol=tol.reference, name=f"d_logits with {kind}")


@pytest.mark.part("cross_entropy")
def test_cross_entropy_agrees_with_finite_differences(exercise, tol):
    """On 2 samples of 4 classes, is the loss the mean of −log s at the labels, and d_logits its gradient
    by central differences?"""
    labels = np.array([2, 0])
    loss, d_logits = exercise.cross_entropy(Z, labels)
    check_close(loss, textbook_loss(Z, labels), rtol=tol.reference, name="the loss")
    check_grad(lambda z: textbook_loss(z, labels), Z, d_logits, rtol=tol.oracle, name="d_logits")


@pytest.mark.part("cross_entropy")
def test_cross_entropy_of_huge_logits(exercise, tol):
    """With logits (1000, 0, −1000) labelled 2 and (0, 0, 2000) labelled 0, is L = 2000 (finite, though
    softmax rounds to 0 at both labels) and ∂L/∂Z = [[1, 0, −1], [−1, 0, 1]] / 2?"""
    loss, d_logits = exercise.cross_entropy(np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 2000.0]]), np.array([2, 0]))
    check_close(loss, 2000.0, rtol=tol.reference,
                name="the loss at huge logits (log s = (z − max z) − log Σ e^(z − max z): never log 0)")
    check_close(d_logits, np.array([[1.0, 0.0, -1.0], [-1.0, 0.0, 1.0]]) / 2, rtol=tol.reference,
                name="d_logits at huge logits")
