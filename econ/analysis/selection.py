r"""Quantiles of long rows, bit for bit as :func:`numpy.quantile`, without partitioning them.

:func:`numpy.quantile` (method ``linear``) reads two order statistics per quantile, of
ranks :math:`\lfloor (n-1) q \rfloor` and the next, which it finds by partitioning a copy
of the row.  For the ensemble's rows (:math:`10^5` draws of one variable in one quarter)
that partition is most of the cost.  :func:`row_quantiles` finds the same order
statistics another way and interpolates between them with numpy's arithmetic:

1. a sorted sample of each row (every :math:`k`-th value, about :data:`SAMPLE` of them)
   brackets each needed rank between two sample values, :data:`MARGIN` standard
   deviations of a sample rank either side (ranks whose brackets overlap share one);
2. per bracket, one branch-free (SIMD) pass over the row counts the values below and
   inside it and a second copies those inside (a few percent of the row), which are
   partitioned at the ranks;
3. a rank is read from its bracket when the counts show the bracket holds it, else
   (a few times in ten thousand) from a partition of the row.

The values, and so the quantiles, are those numpy finds; a row holding NaN, and one
where zeros of both signs tie at a rank, goes to :func:`numpy.quantile` (which of two
equal values a partition puts at a rank is its own choice; only the sign of zero tells
them apart).  Short rows (fewer than :data:`SHORT` values) and quantiles outside
:math:`[0, 1)` are passed to :func:`numpy.quantile` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np

#: Values sampled from each row to bracket the ranks.
SAMPLE = 4096

#: Half-width of a bracket, in standard deviations of a rank in the sample.
MARGIN = 3.5

#: Rows shorter than this go to :func:`numpy.quantile` (its cost is small there).
SHORT = 8 * SAMPLE


def row_quantiles(rows: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    """``numpy.quantile(rows, quantiles, axis=-1)`` for a 2-D float array, bit for bit.

    Parameters
    ----------
    rows : numpy.ndarray
        ``(n_rows, n)`` float32 or float64.
    quantiles : sequence of float

    Returns
    -------
    numpy.ndarray
        ``(len(quantiles), n_rows)``, of the dtype numpy's result has.
    """
    rows = np.asarray(rows)
    q = np.asarray(quantiles, dtype=float)
    n = rows.shape[-1]
    virtual = (n - 1) * q                                   # as numpy ("linear")
    if rows.ndim != 2 or n < SHORT or not ((q >= 0) & (virtual < n - 1)).all():
        return np.quantile(rows, q, axis=-1)
    below = np.floor(virtual).astype(np.intp)
    ranks = np.unique(np.concatenate([below, below + 1]))
    values, nan_rows = order_statistics(np.ascontiguousarray(rows), ranks)
    at = {int(r): j for j, r in enumerate(ranks)}
    previous = values[:, [at[int(r)] for r in below]].T      # (quantiles, rows)
    following = values[:, [at[int(r) + 1] for r in below]].T
    gamma = (virtual - below).reshape(-1, 1)
    out = _lerp(previous, following, gamma)
    # numpy's result for a row holding NaN is that NaN (its last value once partitioned);
    # where 0.0 and -0.0 tie at a rank, which one numpy's partition puts there is its own
    for r in np.flatnonzero(nan_rows | _signed_zeros(rows, values)):
        out[:, r] = np.quantile(rows[r], q)
    return out


def _signed_zeros(rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Rows where an order statistic is zero and the row holds zeros of both signs."""
    out = np.zeros(rows.shape[0], dtype=bool)
    for r in np.flatnonzero((values == 0).any(axis=1)):
        zeros = np.signbit(rows[r][rows[r] == 0])
        out[r] = zeros.any() and not zeros.all()
    return out


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's interpolation between order statistics (``numpy.lib`` ``_lerp``): the same
    operations in the same dtypes, so the same roundings."""
    diff_b_a = b - a
    out = np.add(a, diff_b_a * t)
    np.subtract(b, diff_b_a * (1 - t), out=out, where=t >= 0.5, casting="unsafe",
                dtype=type(out.dtype))
    return out


def order_statistics(rows: np.ndarray, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values of ``ranks`` (0-based, increasing) in each row sorted, and the rows with NaN.

    Parameters
    ----------
    rows : numpy.ndarray
        ``(n_rows, n)``, C-contiguous.
    ranks : numpy.ndarray
        ``(k,)`` int, increasing, each below ``n``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``(n_rows, k)`` values (undefined in a row with NaN) and ``(n_rows,)`` bool.
    """
    n = rows.shape[1]
    sample = np.sort(rows[:, ::max(1, n // SAMPLE)], axis=1)
    m = sample.shape[1]
    # each rank's expected position in the sample, MARGIN standard deviations either side;
    # ranks whose brackets overlap share one (a group)
    frac = np.asarray(ranks) / n
    margin = np.ceil(MARGIN * np.sqrt(m * frac * (1.0 - frac))) + 2
    first = np.floor(frac * m - margin).astype(np.intp)
    last = np.ceil(frac * m + margin).astype(np.intp)
    group = np.concatenate([[0], np.cumsum(first[1:] > last[:-1])]).astype(np.int64)
    starts = np.flatnonzero(np.diff(np.concatenate([[-1], group])))
    ends = np.concatenate([starts[1:], [len(ranks)]]) - 1
    lo = _bound(sample, first[starts], -np.inf)
    hi = _bound(sample, last[ends], np.inf)
    # room for twice the values a bracket holds on average
    room = (2 * (np.minimum(last[ends], m) - np.maximum(first[starts], 0) + 1) * n) // m + 64
    values = np.empty((rows.shape[0], len(ranks)), dtype=rows.dtype)
    nan_rows = np.zeros(rows.shape[0], dtype=np.bool_)
    _select(rows, np.asarray(ranks, dtype=np.int64), group, lo, hi, room.astype(np.int64),
            values, nan_rows)
    return values, nan_rows


def _bound(sample: np.ndarray, pos: np.ndarray, beyond: float) -> np.ndarray:
    """``sample[:, pos]``, with ``beyond`` where a position falls outside the sample."""
    m = sample.shape[1]
    out = sample[:, np.clip(pos, 0, m - 1)].astype(sample.dtype)
    out[:, (pos < 0) | (pos > m - 1)] = beyond
    return np.ascontiguousarray(out)


@numba.njit(nogil=True, cache=True)
def _count(row, a, b):  # noqa: ANN001, ANN202 - numba kernel
    """Values of ``row`` below ``a``, at most ``b``, and NaN (branch-free: one SIMD loop)."""
    below = 0
    upto = 0
    nan = 0
    for i in range(row.shape[0]):
        x = row[i]
        below += x < a
        upto += x <= b
        nan += x != x
    return below, upto, nan


@numba.njit(nogil=True, cache=True)
def _select(rows, ranks, group, lo, hi, room, values, nan_rows):  # noqa: ANN001, ANN202
    """Fill ``values[r, j]`` with the value of rank ``ranks[j]`` of row ``r``: ``lo[r, g]``
    and ``hi[r, g]`` bracket, probably, the ranks of group ``g = group[j]``, whose values
    (at most ``room[g]``) are copied and partitioned."""
    n_groups = lo.shape[1]
    kept = np.empty(room.max() + 1, dtype=rows.dtype)
    for r in range(rows.shape[0]):
        row = rows[r]
        for g in range(n_groups):
            a, b = lo[r, g], hi[r, g]
            below, upto, nan = _count(row, a, b)
            if nan:
                nan_rows[r] = True
                break
            inside = upto - below
            if inside <= room[g]:
                # branch-free compaction: every value is written, the count moves past those
                # inside (``kept`` has one place more than any group's room)
                c = 0
                for i in range(row.shape[0]):
                    x = row[i]
                    kept[c] = x
                    c += (x >= a) & (x <= b)
            # the group's ranks, read from one partition of its values
            mine = np.flatnonzero(group == g)
            pos = ranks[mine] - below
            if pos[0] >= 0 and pos[-1] < inside <= room[g]:
                part = np.partition(kept[:inside], pos)
                for t in range(mine.shape[0]):
                    values[r, mine[t]] = part[pos[t]]
            else:
                # the bracket missed a rank or overflowed (rare): a partition of the row
                part = np.partition(row, ranks[mine])
                for t in range(mine.shape[0]):
                    values[r, mine[t]] = part[ranks[mine[t]]]
    return 0
