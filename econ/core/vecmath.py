r"""Branch-free ``exp``, ``log``, ``pow`` and ``softplus`` that compilers can vectorise.

numba compiles ``math.exp`` and ``math.log`` into calls to the C library,
which stops LLVM from vectorising a loop over batch members (no SVML here).
These versions use only IEEE arithmetic, comparisons and bit casts, so a loop
that calls them is compiled into SIMD code.  They are accurate to about two
units in the last place (ulp) over the whole double range and give bit-for-bit
the same result in a vector lane as in scalar code (no fast-math flags), so
results never depend on how a batch is split.

Methods
-------
``vexp``: :math:`e^x = 2^k e^r` with :math:`k = \operatorname{round}(x/\ln 2)`
(rounded by adding and subtracting :math:`1.5 \cdot 2^{52}`),
:math:`r = x - k \ln 2` in two parts (Cody–Waite), :math:`|r| \le 0.347`, and
:math:`e^r` by its Taylor polynomial of degree 13 (truncation below
:math:`10^{-17}`); :math:`2^k` is built in the exponent bits.

``vlog``: :math:`x = 2^e m` from the bits, :math:`m \in [\sqrt{1/2}, \sqrt 2)`,
:math:`\ln m = 2\,\operatorname{artanh} s = 2 (s + s^3/3 + \dots + s^{21}/21)`
with :math:`s = (m-1)/(m+1)`, :math:`|s| \le 0.172`.

``vlog1p_unit``: :math:`\ln(1 + e)` for :math:`0 \le e \le 1` without forming
:math:`1 + e` (whose rounding would lose the low bits of a small :math:`e`):
:math:`\ln(1 + e) = k \ln 2 + 2\,\operatorname{artanh} s` with :math:`k = 0`,
:math:`s = e/(2 + e)` for :math:`e \le \sqrt 2 - 1` and :math:`k = 1`,
:math:`s = (e - 1)/(e + 3)` above, so :math:`|s| \le 0.172` as in ``vlog`` and
the same series; one division.  Measured against 80-bit ``log1p`` on
:math:`4 \times 10^6` points (uniform on [0, 1] and log-uniform down to
subnormals): at most 1.97 ulp, mean 0.21.

``vsoftplus``: :math:`s \ln(1 + e^{x/s}) = s\,[\max(z, 0) + \ln(1 + e^{-|z|})]`
with :math:`z = x/s` and ``vlog1p_unit`` — the same function as
:func:`peacetrap.core.codegen._softplus`, without its branches; two divisions
(:math:`x/s` and the one of ``vlog1p_unit``).  Its error for a given
:math:`z` (the rounding of :math:`x/s` aside, which any evaluation shares)
measured against 80-bit arithmetic on :math:`1.2 \times 10^7` points (:math:`z`
uniform on :math:`[-745, 745]` and :math:`[-40, 40]`, :math:`|z|` log-uniform in
:math:`[10^{-300}, 700]`, :math:`s` log-uniform in :math:`[10^{-3}, 10]`): at most
3.8 ulp for :math:`|z| \le 708` (the earlier form through ``vlog`` and a correction
division: 4.5 ulp); beyond, where :math:`e^{-|z|}` is subnormal, up to 5.7 ulp in
both forms.

``vpow``: :math:`a^b = e^{b \ln a}` for :math:`a > 0`.
"""

from __future__ import annotations

import math
from typing import Any

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic


@intrinsic
def _f2i(typingctx, x):  # noqa: ANN001, ANN202 - numba intrinsic
    """Reinterpret the bits of a float64 as an int64."""
    sig = types.int64(types.float64)

    def codegen(context, builder, signature, args):  # noqa: ANN001, ANN202
        return builder.bitcast(args[0], ir.IntType(64))

    return sig, codegen


@intrinsic
def _i2f(typingctx, i):  # noqa: ANN001, ANN202 - numba intrinsic
    """Reinterpret the bits of an int64 as a float64."""
    sig = types.float64(types.int64)

    def codegen(context, builder, signature, args):  # noqa: ANN001, ANN202
        return builder.bitcast(args[0], ir.DoubleType())

    return sig, codegen


@intrinsic
def _fma(typingctx, a, b, c):  # noqa: ANN001, ANN202 - numba intrinsic
    """``a * b + c`` with a single rounding (the hardware FMA instruction)."""
    sig = types.float64(types.float64, types.float64, types.float64)

    def codegen(context, builder, signature, args):  # noqa: ANN001, ANN202
        return builder.fma(*args)

    return sig, codegen


_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e+00
_SHIFT = 6755399441055744.0          # 1.5 * 2**52: adding it rounds to an integer
_SHIFT_BITS = 0x4338000000000000      # bits of _SHIFT
_SQRT2 = 1.4142135623730951
_SQRT2M1 = 0.41421356237309503       # sqrt(2) - 1
_MANTISSA = 0x000FFFFFFFFFFFFF
_ONE_BITS = 0x3FF0000000000000

_JIT: dict[str, Any] = dict(inline="always", error_model="numpy", nogil=True, cache=True)


@numba.njit(**_JIT)
def vexp(x: float) -> float:
    """:math:`e^x` (about 1 ulp; 0 below -745.13, inf above 709.78, NaN stays NaN)."""
    xc = x if x > -746.0 else -746.0
    xc = xc if xc < 710.0 else 710.0
    t = xc * _INV_LN2 + _SHIFT
    k = t - _SHIFT
    r = (xc - k * _LN2_HI) - k * _LN2_LO
    p = 1.0 / 6227020800.0
    p = _fma(p, r, 1.0 / 479001600.0)  # type: ignore[call-arg]  # numba intrinsic
    p = _fma(p, r, 1.0 / 39916800.0)
    p = _fma(p, r, 1.0 / 3628800.0)
    p = _fma(p, r, 1.0 / 362880.0)
    p = _fma(p, r, 1.0 / 40320.0)
    p = _fma(p, r, 1.0 / 5040.0)
    p = _fma(p, r, 1.0 / 720.0)
    p = _fma(p, r, 1.0 / 120.0)
    p = _fma(p, r, 1.0 / 24.0)
    p = _fma(p, r, 1.0 / 6.0)
    p = _fma(p, r, 0.5)
    p = _fma(p, r, 1.0)
    p = _fma(p, r, 1.0)
    kk = _f2i(t) - _SHIFT_BITS
    h = kk >> 1                         # 2^k as 2^h 2^(k-h): both factors stay normal
    res = (p * _i2f((h + 1023) << 52)) * _i2f((kk - h + 1023) << 52)
    res = 0.0 if x < -745.1332191019412 else res
    res = math.inf if x > 709.782712893384 else res
    res = res if x == x else x
    return res


@numba.njit(**_JIT)
def _artanh_tail(z: float) -> float:
    r""":math:`\sum_{k=1}^{10} z^{k-1} / (2k + 1)` by Horner's rule, so that
    :math:`\operatorname{artanh} s = s + s z \cdot` this with :math:`z = s^2` (both logs use it)."""
    q = 1.0 / 21.0
    q = _fma(q, z, 1.0 / 19.0)  # type: ignore[call-arg]  # numba intrinsic
    q = _fma(q, z, 1.0 / 17.0)
    q = _fma(q, z, 1.0 / 15.0)
    q = _fma(q, z, 1.0 / 13.0)
    q = _fma(q, z, 1.0 / 11.0)
    q = _fma(q, z, 1.0 / 9.0)
    q = _fma(q, z, 1.0 / 7.0)
    q = _fma(q, z, 1.0 / 5.0)
    return _fma(q, z, 1.0 / 3.0)


@numba.njit(**_JIT)
def vlog(x: float) -> float:
    """:math:`\\ln x` (about 2 ulp for normal x; -inf at 0, NaN below 0)."""
    bits = _f2i(x)  # type: ignore[call-arg, var-annotated]  # numba intrinsic
    e = (bits >> 52) - 1023
    m = _i2f((bits & _MANTISSA) | _ONE_BITS)
    big = m > _SQRT2
    m = m * 0.5 if big else m
    e = e + 1 if big else e
    s = (m - 1.0) / (m + 1.0)
    z = s * s
    q = _artanh_tail(z)
    ef = float(e)
    res = ef * _LN2_HI + (2.0 * s + 2.0 * s * z * q + ef * _LN2_LO)
    res = res if x > 0.0 else (-math.inf if x == 0.0 else math.nan)
    res = res if x < math.inf else x
    res = res if x == x else x
    return res


@numba.njit(**_JIT)
def vlog1p_unit(e: float) -> float:
    """:math:`\\ln(1 + e)` for :math:`0 \\le e \\le 1` (about 1 ulp; see the module docstring)."""
    big = e > _SQRT2M1
    # t = 2 s with s = f / (2 + f), 1 + f = (1 + e) / 2^k: doubling the numerator, not the
    # quotient, keeps every bit of a subnormal e
    t = (2.0 * e - 2.0) / (e + 3.0) if big else (2.0 * e) / (e + 2.0)
    k = 1.0 if big else 0.0
    z = 0.25 * (t * t)
    q = _artanh_tail(z)
    return k * _LN2_HI + (t + t * z * q + k * _LN2_LO)


@numba.njit(**_JIT)
def vsoftplus(x: float, s: float) -> float:
    """Smooth positive part :math:`s \\ln(1 + e^{x/s})` (see the module docstring)."""
    z = x / s
    return s * ((z if z > 0.0 else 0.0) + vlog1p_unit(vexp(-abs(z))))


@numba.njit(**_JIT)
def vpow(a: float, b: float) -> float:
    """:math:`a^b = e^{b \\ln a}` for :math:`a > 0`."""
    return vexp(b * vlog(a))


_ROW: dict[str, Any] = dict(error_model="numpy", nogil=True, cache=True)

# Row functions work on one buffer ``W``: arguments and result are rows of length ``n``
# starting at the given offsets (see peacetrap.core.fastbatch).


@numba.njit(**_ROW)
def exp_row(W: np.ndarray, x: int, out: int, n: int) -> None:
    """``W[out:out+n] = exp(W[x:x+n])`` (vectorised)."""
    xs, os_ = W[x:x + n], W[out:out + n]
    for b in range(n):
        os_[b] = vexp(xs[b])


@numba.njit(**_ROW)
def log_row(W: np.ndarray, x: int, out: int, n: int) -> None:
    """``W[out:out+n] = log(W[x:x+n])`` (vectorised)."""
    xs, os_ = W[x:x + n], W[out:out + n]
    for b in range(n):
        os_[b] = vlog(xs[b])


@numba.njit(**_ROW)
def softplus_row(W: np.ndarray, x: int, s: int, out: int, n: int) -> None:
    """``W[out:out+n] = softplus(W[x:x+n], W[s:s+n])`` (vectorised)."""
    xs, ss, os_ = W[x:x + n], W[s:s + n], W[out:out + n]
    for b in range(n):
        os_[b] = vsoftplus(xs[b], ss[b])


@numba.njit(**_ROW)
def pow_row(W: np.ndarray, a: int, e: int, out: int, n: int) -> None:
    """``W[out:out+n] = W[a:a+n] ** W[e:e+n]`` for positive bases (vectorised)."""
    as_, es, os_ = W[a:a + n], W[e:e + n], W[out:out + n]
    for b in range(n):
        os_[b] = vpow(as_[b], es[b])
