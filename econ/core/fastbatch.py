r"""The vectorised RK4 kernel for large batches: generated, compiled and cached.

:func:`peacetrap.run.simulate` integrates each batch member with a scalar kernel
whose cost is dominated by calls to the C library's ``exp`` and ``log``.  For
ensembles and sensitivity analyses of :math:`10^4`–:math:`10^6` parameter sets
this module generates, from the same symbolic model, a *structure-of-arrays*
kernel: members lie along the fast axis, each equation is one loop over a
block of members, and ``exp``/``log``/``pow``/``softplus`` are the
branch-free versions of :mod:`peacetrap.core.vecmath`, so every loop compiles into
SIMD code.  The integration scheme is the same as :func:`~peacetrap.run.simulate`
(classical RK4, ``steps_per_quarter`` steps a quarter, inputs at each step's
start, midpoint and left limit of its end), so results agree with it to
rounding (about :math:`10^{-13}` relative; the tests assert :math:`10^{-9}`).

Two further savings, both exact:

* the history (spin-up and calibration history) is the same for every
  scenario of a value set, so it is integrated once per set and each scenario
  continues from the state at the first step where the scenarios' inputs differ;
* only the requested outputs are kept: chosen stocks and derived quantities at
  quarter ends (derived ones evaluated with only the equations they need).

Each member is computed independently with IEEE arithmetic only, so a result
does not depend on the block, chunk or thread it was computed in.

A member whose state becomes non-finite or leaves its declared bounds is
flagged in ``status`` (code, stock, step) rather than raising, so an ensemble
can count and drop it.

:func:`peacetrap.run.vectorised.run_batch` drives the kernel over a batch.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import sympy as sp

from peacetrap.core.codegen import (CONTINUITY, SCALE_FLOOR, _Printer, check_order, layout,
                                   small_power, spellings)
from peacetrap.core.model import Model
from peacetrap.core.symbolic import ModelSpec, softplus

#: Members integrated together in one block.  The block's work buffer (~500 rows of
#: BLOCK + 8 doubles, and the temporaries) stays in a core's L2 cache, and a refined batch,
#: which integrates each group of sets needing the same step as its own blocks (a short block
#: is padded), wastes little: 10,000 refined sets under two scenarios took 11.6 s of CPU at
#: 512 members and 6.8 s at 64 (three steps a quarter without refinement: no difference).
#: Results do not depend on the block.
BLOCK = 64


class _Layout:
    """Row offsets (in doubles) of one block's work buffer; rows are ``block`` long."""

    def __init__(self, spec: ModelSpec, outputs: list[str], block: int) -> None:
        lay = layout(spec)
        # rows are padded by one cache line so that rows a power of two apart do not
        # compete for the same cache sets
        self.n = block
        self.block = block + 8
        self.ns, self.np_, self.nd = len(lay.stocks), len(lay.parameters), len(lay.derived)
        self.n_out = len(outputs)
        rows = 0
        self.region: dict[str, int] = {}
        # one kept row per distinct hoisted call (an upper bound: every call of the
        # definition, derived quantities and rates of change alike)
        self.n_sp = len({a for e in [q.expr for q in spec.derived] + [s.expr for s in spec.stocks]
                         for a in sp.preorder_traversal(e) if _hoisted(a)})
        for name, n in (("X", self.ns), ("S", self.ns), ("ACC", self.ns), ("DX", self.ns),
                        ("K4", self.ns), ("EMAX", self.ns), ("XMAX", self.ns), ("P", self.np_), ("R", self.ns), ("D", self.nd), ("O", self.n_out),
                        ("SP", self.n_sp)):
            self.region[name] = rows * self.block
            rows += n
        self.rows = rows            # temporaries follow; their count is known after printing

    def row(self, region: str, k: int) -> int:
        return self.region[region] + k * self.block


def _hoisted(a: sp.Basic) -> bool:
    """Whether the vectorised printer evaluates ``a`` by a row function (see below)."""
    if isinstance(a, (softplus, sp.exp, sp.log)):
        return True
    if isinstance(a, sp.Pow):
        return small_power(a.args[1]) is None
    return False


#: A read of member ``b`` of one row of the work buffer, as the printer spells it.
_ROW_READ = re.compile(r"W\[(\d+) \+ b\]")


class _SoAPrinter(_Printer):
    """Prints expressions for member ``b`` of one block, reading rows of a work buffer ``W``.

    Every ``exp``, ``log``, ``softplus`` and non-integer power is *hoisted*:
    its arguments are written into temporary rows, then a precompiled
    vectorised row function of :mod:`peacetrap.core.vecmath` fills another row,
    which the expression reads.  :meth:`program` turns the statements into
    few long loops of plain arithmetic between those calls; since every row
    offset is a constant, the compiler proves the loops free of aliasing and
    vectorises them.
    """

    def __init__(self, spec: ModelSpec, lay: _Layout, state: str) -> None:
        rows = {"stock": state, "parameter": "P", "derived": "D", "reference": "R"}

        def spell(group: str, i: int, name: str) -> str:
            return f"u{i}" if group == "input" else f"W[{lay.row(rows[group], i)} + b]"

        names = spellings(spec, layout(spec), spell)
        super().__init__(names)
        self.lay = lay
        self.items: list[tuple[Any, ...]] = []
        self.kept: dict[sp.Expr, int] = {}
        self.n_tmp = 0
        self.max_tmp = 0

    def _tmp(self) -> int:
        off = (self.lay.rows + self.n_tmp) * self.lay.block
        self.n_tmp += 1
        self.max_tmp = max(self.max_tmp, self.n_tmp)
        return off

    def _call(self, func: str, *args: sp.Expr, out: int | None = None) -> str:
        offs = []
        for a in args:
            code = self._print(a)
            m = _ROW_READ.fullmatch(code)
            if m:                               # the argument is a row already: pass it
                offs.append(int(m.group(1)))
                continue
            off = self._tmp()
            self.items.append(("stmt", off, code))
            offs.append(off)
        out = self._tmp() if out is None else out
        self.items.append(("call", func, offs, out))
        return f"W[{out} + b]"

    def _kept_call(self, expr: sp.Expr, func: str, *args: sp.Expr) -> str:
        """A hoisted call evaluated once per function: its row is kept, later uses read it."""
        if expr in self.kept:
            return f"W[{self.kept[expr]} + b]"
        row = self.lay.row("SP", len(self.kept))
        self.kept[expr] = row
        return self._call(func, *args, out=row)

    def _print_softplus(self, expr: sp.Expr) -> str:
        # sp(x) - sp(-x) = x: a model that splits a net flow into gross flows uses both,
        # so each pair costs one evaluation
        x, s = expr.args
        mirror = softplus(-x, s)
        if expr not in self.kept and mirror in self.kept:
            return f"(W[{self.kept[mirror]} + b] + ({self._print(x)}))"
        return self._kept_call(expr, "softplus_row", x, s)

    def _print_exp(self, expr: sp.Expr) -> str:
        return self._kept_call(expr, "exp_row", expr.args[0])

    def _print_log(self, expr: sp.Expr) -> str:
        return self._kept_call(expr, "log_row", expr.args[0])

    def _print_Pow(self, expr: sp.Expr, rational: bool = False) -> str:
        base, ex = expr.args
        if small_power(ex) is None:
            return self._kept_call(expr, "pow_row", base, ex)
        return super()._print_Pow(expr, rational)       # products, as the scalar printer

    def assign(self, target: str, expr: sp.Expr) -> None:
        """Add ``target = expr`` (temporaries are reused from one statement to the next)."""
        self.n_tmp = 0
        code = self.doprint(expr)
        m = _ROW_READ.fullmatch(target)
        assert m, target
        self.items.append(("stmt", int(m.group(1)), code))

    def _scratch(self, off: int) -> bool:
        """Whether row ``off`` holds a value private to this function (derived, kept or temporary).

        Other rows (state, parameters, reference, rates of change, outputs) are read or
        written by the driver.
        """
        lay = self.lay
        return lay.region["D"] <= off < lay.region["O"] or off >= lay.region["SP"]

    def program(self) -> list[str]:
        """Statements fused into loops over the block, split at the hoisted calls.

        A value written and read only inside one loop lives in a local variable (a
        register); its row is written only when a hoisted call, a later loop or the
        driver reads it.  The arithmetic is unchanged, so results are bit-identical.
        """
        # 1. which writes are read outside their own loop (or are the function's results)
        loop_id = 0
        last: dict[int, tuple[int, int]] = {}    # row -> (loop, statement index) of its value
        stored: set[int] = set()
        local_reads: dict[int, dict[int, int]] = {}   # statement -> {row: writing statement}
        for i, item in enumerate(self.items):
            if item[0] == "call":
                for off in item[2]:
                    if off in last:
                        stored.add(last[off][1])
                last.pop(item[3], None)
                loop_id += 1
                continue
            _, off, code = item
            uses: dict[int, int] = {}
            for r in {int(x) for x in _ROW_READ.findall(code)}:
                if r in last:
                    if last[r][0] == loop_id:
                        uses[r] = last[r][1]
                    else:
                        stored.add(last[r][1])
            local_reads[i] = uses
            last[off] = (loop_id, i)
        stored.update(i for i, item in enumerate(self.items)
                      if item[0] == "stmt" and not self._scratch(item[1]))
        # 2. emit the loops
        lines: list[str] = []
        loop: list[str] = []

        def flush() -> None:
            if loop:
                lines.extend([f"    for b in range({self.lay.n}):"] + [f"        {x}" for x in loop])
                loop.clear()

        for i, item in enumerate(self.items):
            if item[0] == "call":
                flush()
                _, func, offs, out = item
                lines.append(f"    {func}(W, {', '.join(map(str, offs))}, {out}, {self.lay.n})")
                continue
            _, off, code = item
            uses = local_reads[i]
            if uses:
                code = _ROW_READ.sub(lambda m: f"v{uses[int(m.group(1))]}"
                                     if int(m.group(1)) in uses else m.group(0), code)
            loop.append(f"v{i} = {code}")
            if i in stored:
                loop.append(f"W[{off} + b] = v{i}")
        flush()
        self.items = []
        return lines


def _closure(spec: ModelSpec, exprs: list[sp.Expr]) -> list[str]:
    """Derived quantities (in definition order) that ``exprs`` need, directly or not."""
    derived = {q.symbol: q for q in spec.derived}
    need: set[str] = set()
    todo = [s for e in exprs for s in e.free_symbols if s in derived]
    while todo:
        s = todo.pop()
        if s.name in need:
            continue
        need.add(s.name)
        todo.extend(t for t in derived[s].equation.free_symbols if t in derived)
    return [q.name for q in spec.derived if q.name in need]


def _function(name: str, spec: ModelSpec, lay: _Layout, state: str, derived: list[str],
              writes: list[tuple[str, sp.Expr]]) -> tuple[list[str], int]:
    pr = _SoAPrinter(spec, lay, state)
    q = spec.quantities
    for n in derived:
        pr.assign(pr._names[q[n].symbol], q[n].expr)
    for target, expr in writes:
        pr.assign(target, expr)
    body = pr.program()
    text = "\n".join(body)
    n_in = len(layout(spec).inputs)
    head = [f"def {name}(W, u):"] + [f"    u{j} = u[{j}]" for j in range(n_in)
                                     if re.search(rf"\bu{j}\b", text)]
    return head + body + ["    return 0", ""], pr.max_tmp


def kernel_source(spec: ModelSpec, outputs: list[str], block: int = BLOCK) -> str:
    """Python source of the structure-of-arrays kernels for ``outputs``.

    ``stage(W, u)`` evaluates the rates of change of the state rows ``X`` of
    the work buffer ``W`` into rows ``DX``; ``record(W, u)`` evaluates the
    outputs from the state rows ``S`` into rows ``O``; ``integrate`` drives
    RK4 over a range of members and every scenario.  Row offsets are literal
    constants (see :class:`_Layout`).
    """
    check_order(spec)
    q = spec.quantities
    lay = _Layout(spec, outputs, block)
    stage_der = _closure(spec, [st.expr for st in spec.stocks])
    out_der = _closure(spec, [q[n].symbol for n in outputs if q[n].kind != "stock"])
    stage, t1 = _function("stage", spec, lay, "X", stage_der,
                          [(f"W[{lay.row('DX', k)} + b]", st.expr)
                           for k, st in enumerate(spec.stocks)])
    record, t2 = _function("record", spec, lay, "S", out_der,
                           [(f"W[{lay.row('O', k)} + b]", q[n].symbol)
                            for k, n in enumerate(outputs)])
    consts = {"BLOCK": block, "STRIDE": lay.block, "NS": lay.ns, "NP": lay.np_, "NOUT": lay.n_out,
              "NW": (lay.rows + max(t1, t2)) * lay.block, "CONTINUITY": repr(CONTINUITY),
              "SCALE_FLOOR": repr(SCALE_FLOOR)}
    consts.update({f"OFF_{k}": v for k, v in lay.region.items()})
    head = [f"{k} = {v}" for k, v in consts.items()]
    return "\n".join(head + ["", ""] + stage + [""] + record) + _DRIVER


_HEADER = '''"""Generated by peacetrap.core.fastbatch from the model definition; do not edit."""
import math
import numba
import numpy as np
from peacetrap.core.vecmath import exp_row, log_row, pow_row, softplus_row

_JIT = dict(nogil=True, error_model="numpy", cache=True)

'''

_DRIVER = '''

def _advance(W, U, a, z, dt, every, limits, st, O, estimate):
    n = NS * STRIDE
    h = 0.5 * dt
    n_in = U.shape[1]
    for i in range(n):
        W[OFF_X + i] = W[OFF_S + i]
    for step in range(a, z):
        stage(W, U[3 * step])
        if estimate and step > 0:
            # inputs continuous across the step boundary: k1 is the last step's k5 and
            # dt/6 (k4 - k5) its local error estimate (as the scalar kernel)
            smooth = True
            for j in range(n_in):
                ua = U[3 * step, j]
                ue = U[3 * step - 1, j]
                if abs(ua - ue) > CONTINUITY * (abs(ua) + abs(ue)) + 1e-300:
                    smooth = False
            if smooth:
                for i in range(n):
                    e = abs(W[OFF_K4 + i] - W[OFF_DX + i])
                    if e > W[OFF_EMAX + i]:
                        W[OFF_EMAX + i] = e
        for i in range(n):
            W[OFF_ACC + i] = W[OFF_DX + i]
            W[OFF_X + i] = W[OFF_S + i] + h * W[OFF_DX + i]
        stage(W, U[3 * step + 1])
        for i in range(n):
            W[OFF_ACC + i] = W[OFF_ACC + i] + 2.0 * W[OFF_DX + i]
            W[OFF_X + i] = W[OFF_S + i] + h * W[OFF_DX + i]
        stage(W, U[3 * step + 1])
        for i in range(n):
            W[OFF_ACC + i] = W[OFF_ACC + i] + 2.0 * W[OFF_DX + i]
            W[OFF_X + i] = W[OFF_S + i] + dt * W[OFF_DX + i]
        stage(W, U[3 * step + 2])
        for i in range(n):
            W[OFF_S + i] += dt / 6.0 * (W[OFF_ACC + i] + W[OFF_DX + i])
            W[OFF_X + i] = W[OFF_S + i]
        if estimate:
            for i in range(n):
                W[OFF_K4 + i] = W[OFF_DX + i]
                v = abs(W[OFF_S + i])
                if v > W[OFF_XMAX + i]:
                    W[OFF_XMAX + i] = v
        for j in range(NS):
            lo = limits[0, j]
            hi = limits[1, j]
            for b in range(BLOCK):
                v = W[OFF_S + j * STRIDE + b]
                if st[0, b] == 0:
                    if not math.isfinite(v):
                        st[0, b] = 1
                        st[1, b] = j
                        st[2, b] = step + 1
                    elif v < lo:
                        st[0, b] = 2
                        st[1, b] = j
                        st[2, b] = step + 1
                    elif v > hi:
                        st[0, b] = 3
                        st[1, b] = j
                        st[2, b] = step + 1
        if (step + 1) % every == 0:
            row = (step + 1) // every - 1
            record(W, U[3 * step + 2])
            for k in range(NOUT):
                for b in range(BLOCK):
                    O[row, k, b] = W[OFF_O + k * STRIDE + b]
    return 0


def integrate(P, X0, U, lo, hi, n_shared, n_steps, dt, every, limits, OUT, STATUS, ERR,
              estimate):
    """Members lo:hi of P (NP, N) and X0 (NS, N) under input blocks U (n_scen, 3 n_steps, n_in).

    Writes OUT (n_scen, n_rec, NOUT, N), STATUS (n_scen, 3, N) and, if ``estimate``, the
    local error estimate ERR (n_scen, N) at lo:hi (a run at a fixed step reads none: the
    bookkeeping is skipped, the states are the same).
    """
    n_sc = U.shape[0]
    n_rec = OUT.shape[1]
    W = np.zeros(NW)
    O = np.empty((n_rec, NOUT, BLOCK))
    st = np.zeros((3, BLOCK), dtype=np.int64)
    # the state, the last step's k4 and the running maxima of the estimate and |x|
    s_save = np.empty(4 * NS * STRIDE)
    st_save = np.empty((3, BLOCK), dtype=np.int64)
    for b0 in range(lo, hi, BLOCK):
        m = min(BLOCK, hi - b0)
        for b in range(BLOCK):
            c = b0 + (b if b < m else 0)        # pad a short block with its first member
            for j in range(NP):
                W[OFF_P + j * STRIDE + b] = P[j, c]
            for j in range(NS):
                W[OFF_R + j * STRIDE + b] = X0[j, c]
                W[OFF_S + j * STRIDE + b] = X0[j, c]
                W[OFF_EMAX + j * STRIDE + b] = 0.0
                W[OFF_XMAX + j * STRIDE + b] = abs(X0[j, c])
        st[:, :] = 0
        # pass -1 integrates the shared history and saves its end; pass k continues scenario
        # k from there. One call site: numba inlines _advance at each, and every copy costs
        # compile time
        for k in range(-1, n_sc):
            if k >= 0:
                for i in range(NS * STRIDE):
                    W[OFF_S + i] = s_save[i]
                    W[OFF_K4 + i] = s_save[NS * STRIDE + i]
                    W[OFF_EMAX + i] = s_save[2 * NS * STRIDE + i]
                    W[OFF_XMAX + i] = s_save[3 * NS * STRIDE + i]
                st[:, :] = st_save
            _advance(W, U[max(k, 0)], 0 if k < 0 else n_shared, n_shared if k < 0 else n_steps,
                     dt, every, limits, st, O, estimate)
            if k < 0:
                for i in range(NS * STRIDE):
                    s_save[i] = W[OFF_S + i]
                    s_save[NS * STRIDE + i] = W[OFF_K4 + i]
                    s_save[2 * NS * STRIDE + i] = W[OFF_EMAX + i]
                    s_save[3 * NS * STRIDE + i] = W[OFF_XMAX + i]
                st_save[:, :] = st
                continue
            for row in range(n_rec):
                for j in range(NOUT):
                    for b in range(m):
                        OUT[k, row, j, b0 + b] = O[row, j, b]
            for j in range(3):
                for b in range(m):
                    STATUS[k, j, b0 + b] = st[j, b]
            for b in range(m if estimate else 0):
                worst = 0.0
                for j in range(NS):
                    r = W[OFF_EMAX + j * STRIDE + b] / max(W[OFF_XMAX + j * STRIDE + b],
                                                           SCALE_FLOOR)
                    if r > worst:
                        worst = r
                ERR[k, b0 + b] = dt / 6.0 * worst
    return 0


stage = numba.njit(**_JIT)(stage)
record = numba.njit(**_JIT)(record)
_advance = numba.njit(**_JIT)(_advance)
integrate = numba.njit(**_JIT)(integrate)
'''


@cache
def _load(source: str) -> ModuleType:
    """Import the generated kernels from the disk cache (:mod:`peacetrap.core.cache`).

    The module is named by the hash of the generated source and of
    :mod:`peacetrap.core.vecmath`, whose functions numba compiles into the
    kernels (numba's own cache would not notice a change there).
    """
    from peacetrap.core import cache as disk
    from peacetrap.core import vecmath

    source = f"# vecmath {hashlib.sha256(Path(vecmath.__file__).read_bytes()).hexdigest()}\n" \
        + source
    name = f"peacetrap_soa_{disk.source_key(source)}"
    disk.store_module(name, _HEADER + source)
    return disk.import_module(name)


@cache
def kernels(model: Model, outputs: tuple[str, ...], block: int = BLOCK) -> ModuleType:
    """The compiled kernels of a model for a tuple of outputs (cached per process and on disk)."""
    return _load(kernel_source(model.spec, list(outputs), block))
