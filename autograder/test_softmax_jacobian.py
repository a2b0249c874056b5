"""Hidden tests for softmax_jacobian (beyond the core): randomised per student, never shipped."""

import numpy as np

from jackit.checks import CheckFailure, check_close, check_grad, check_jacobian, check_vjp
from jackit.grading import part

BATCH_SHAPES = [(4, 6), (2, 3, 5), (7,)]
"""Logits of shape S + (C,): a batch, a batch with two axes, one row alone; no two sizes equal."""
CLASSIFIER_SHAPES = [(5, 3), (4, 7), (8, 2)]
"""(N, C) for the cross-entropy: N ≠ C, and N ≥ 4 so that a missing 1/N shows."""


def logits(rng, shape):
    """Scores of a classifier at work: s neither uniform nor one-hot, every entry of J far from 0."""
    return rng.normal(0.0, 2.0, size=shape)


def huge_offsets(rng, rows):
    """One offset per row, alternately about +1000 and −1000: e^z overflows (inf / inf) on the first
    kind, underflows to 0 everywhere (0 / 0) on the second, and one max for the whole batch leaves the
    rows far below it at 0 / 0."""
    signs = np.where(np.arange(rows) % 2 == 0, 1.0, -1.0)
    return signs * rng.uniform(900.0, 1100.0, size=rows)


def unpack(result, what):
    """The student's (loss, d_logits), or a failure that says what came back instead."""
    if type(result) in (tuple, list) and len(result) == 2:
        return result
    found = f"a {type(result).__name__} of length {len(result)}" if type(result) in (tuple, list) \
        else f"a {type(result).__name__}"
    raise CheckFailure(f"{what} should be a tuple (loss, d_logits), found {found}.", kind="type", name=what)


def check_loss_and_gradient(got, expected, tol, where):
    loss, d_logits = unpack(got, f"cross_entropy(logits, labels) {where}")
    check_close(loss, expected[0], rtol=tol.reference, name=f"the loss {where}")
    check_close(d_logits, expected[1], rtol=tol.reference, name=f"d_logits {where}")
    return loss, d_logits


def classifier_batch(rng, n, c):
    """Logits (N, C) and int64 labels that are not all the same class."""
    labels = rng.permutation(np.arange(n) % c).astype(np.int64)
    return logits(rng, (n, c)), labels


# --------------------------------------------------------------------------------------------
# softmax: the stable forward pass


@part("softmax", weight=2)
def test_softmax_matches_the_reference_on_batches(student, reference, rng, tol):
    """Does softmax match on logits of shapes (4, 6), (2, 3, 5) and (7,), normalising each row?"""
    for shape in BATCH_SHAPES:
        z = logits(rng, shape)
        check_close(student.softmax(z), reference.softmax(z), rtol=tol.reference,
                    name=f"softmax on logits of shape {shape}")


@part("softmax", weight=2)
def test_softmax_of_huge_logits_row_by_row(student, reference, rng, tol):
    """On a (6, 5) batch whose rows sit alternately near +1000 and −1000, is softmax finite and right?"""
    z = huge_offsets(rng, 6)[:, None] + logits(rng, (6, 5))
    check_close(student.softmax(z), reference.softmax(z), rtol=tol.reference,
                name="softmax on a (6, 5) batch with rows near +1000 and −1000")


@part("softmax")
def test_softmax_of_one_huge_row(student, reference, rng, tol):
    """Is softmax right for one row of 8 logits near +1000, and one near −1000 (S = ())?"""
    for offset in huge_offsets(rng, 2):
        z = offset + logits(rng, (8,))
        check_close(student.softmax(z), reference.softmax(z), rtol=tol.reference,
                    name=f"softmax of one row of 8 logits near {offset:+.0f}")


# --------------------------------------------------------------------------------------------
# softmax_jacobian: diag(s) − s sᵀ


@part("jacobian", weight=2)
def test_jacobian_matches_the_reference_on_batches(student, reference, rng, tol):
    """Is the Jacobian diag(s) − s sᵀ per row, shapes (4, 6) → (4, 6, 6), (2, 3, 5) → (2, 3, 5, 5), (7,) → (7, 7)?"""
    for shape in BATCH_SHAPES:
        z = logits(rng, shape)
        check_close(student.softmax_jacobian(z), reference.softmax_jacobian(z), rtol=tol.reference,
                    name=f"softmax_jacobian on logits of shape {shape}")


@part("jacobian")
def test_jacobian_agrees_with_finite_differences_of_softmax(student, reference, rng, tol):
    """Is each block of a (3, 4) batch's Jacobian the central-difference Jacobian of softmax at its row?"""
    z = logits(rng, (3, 4))
    got = student.softmax_jacobian(z)
    check_close(got, reference.softmax_jacobian(z), rtol=tol.reference, name="softmax_jacobian on a (3, 4) batch")
    for b in range(z.shape[0]):
        check_jacobian(reference.softmax, z[b], got[b], rtol=tol.oracle,
                       name=f"block {b} of softmax_jacobian (the Jacobian of softmax at row {b})")


# --------------------------------------------------------------------------------------------
# softmax_vjp: vᵀJ without J


@part("vjp", weight=2)
def test_vjp_matches_the_reference_on_batches(student, reference, rng, tol):
    """Does softmax_vjp match on shapes (4, 6), (2, 3, 5) and (7,) with Gaussian upstream gradients?"""
    for shape in BATCH_SHAPES:
        z, d_out = logits(rng, shape), rng.standard_normal(shape)
        check_close(student.softmax_vjp(z, d_out), reference.softmax_vjp(z, d_out), rtol=tol.reference,
                    name=f"softmax_vjp on arrays of shape {shape}")


@part("vjp")
def test_vjp_is_v_transpose_j_and_agrees_with_finite_differences(student, reference, rng, tol):
    """On a (4, 6) batch, is softmax_vjp(z, v) equal to vᵀJ row by row, and to central differences of v · softmax(z)?"""
    z, d_out = logits(rng, (4, 6)), rng.standard_normal((4, 6))
    got = student.softmax_vjp(z, d_out)
    check_close(got, np.einsum("bi,bij->bj", d_out, reference.softmax_jacobian(z)), rtol=tol.reference,
                name="softmax_vjp(z, v) against vᵀ J on a (4, 6) batch")
    check_vjp(reference.softmax, z, d_out, got, rtol=tol.oracle, name="softmax_vjp(z, v) on a (4, 6) batch")


@part("vjp")
def test_vjp_on_a_large_batch_builds_no_matrix(student, reference, rng, tol):
    """Does softmax_vjp handle 2 rows of about 12 000 classes, where one row's Jacobian alone needs 1 GB?"""
    # C² ≥ 11 000² entries: 0.97 GB for the Jacobian of a single row, which with numpy's own quarter
    # GB exceeds the worker's whole address space (course.toml, 1 GB): building J fails, for the whole
    # batch at once or row by row. The answer is 2·C ≤ 25 000 numbers. Not larger: arrays cost
    # ~0.5 µs per entry per copy on the grading machines.
    shape = (2, int(rng.integers(11_000, 12_501)))
    z, d_out = logits(rng, shape), rng.standard_normal(shape)
    check_close(student.softmax_vjp(z, d_out), reference.softmax_vjp(z, d_out), rtol=tol.reference,
                name=f"softmax_vjp on a batch of shape {shape}")


# --------------------------------------------------------------------------------------------
# cross_entropy: the mean loss and (S − Y) / N


@part("cross_entropy", weight=2)
def test_cross_entropy_matches_the_reference_with_integer_labels(student, reference, rng, tol):
    """Are the mean loss and d_logits = (S − Y) / N right for (N, C) = (5, 3), (4, 7), (8, 2) and integer labels?"""
    for n, c in CLASSIFIER_SHAPES:
        z, labels = classifier_batch(rng, n, c)
        check_loss_and_gradient(student.cross_entropy(z, labels), reference.cross_entropy(z, labels), tol,
                                f"for N = {n} samples of C = {c} classes, integer labels")


@part("cross_entropy")
def test_cross_entropy_with_one_hot_labels(student, reference, rng, tol):
    """Do one-hot labels of shape (6, 4) give the same loss and gradient as the integer labels they encode?"""
    z, labels = classifier_batch(rng, 6, 4)
    check_loss_and_gradient(student.cross_entropy(z, reference.one_hot(labels, 4)), reference.cross_entropy(z, labels),
                            tol, "for N = 6 samples of C = 4 classes, one-hot labels")


@part("cross_entropy")
def test_cross_entropy_gradient_agrees_with_finite_differences(student, reference, rng, tol):
    """Is d_logits the gradient of the reference's mean loss, by central differences, on 5 samples of 4 classes?"""
    z, labels = classifier_batch(rng, 5, 4)
    where = "for N = 5 samples of C = 4 classes"
    _, d_logits = check_loss_and_gradient(student.cross_entropy(z, labels), reference.cross_entropy(z, labels),
                                          tol, where)
    check_grad(lambda z_: reference.cross_entropy(z_, labels)[0], z, d_logits, rtol=tol.oracle,
               name=f"d_logits {where}, against central differences of the loss")


@part("cross_entropy", weight=2)
def test_cross_entropy_of_huge_logits(student, reference, rng, tol):
    """With logits near ±1000, spread by hundreds, and some labels where softmax rounds to 0, are the loss
    (in the hundreds, finite) and d_logits right?"""
    n, c = 6, 5
    labels = rng.permutation(np.arange(n) % c).astype(np.int64)
    z = huge_offsets(rng, n)[:, None] + rng.normal(0.0, 300.0, size=(n, c))
    for row in range(0, n, 2):  # e^(z_label − max z) < e^(−800): S rounds to 0 at the label, log S = −inf
        others = np.delete(z[row], labels[row])
        z[row, labels[row]] = others.max() - rng.uniform(800.0, 1200.0)
    check_loss_and_gradient(student.cross_entropy(z, labels), reference.cross_entropy(z, labels), tol,
                            f"for logits near ±1000 (N = {n}, C = {c})")
