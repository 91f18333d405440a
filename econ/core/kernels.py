"""The generated kernels of a model: plain Python first, numba's machine code when it pays.

Starting numba in a process costs about 0.7 s (importing it and loading the machine
code it saved), while the generated right-hand side runs as plain Python at roughly
0.2 ms per member and integration step.  A process therefore integrates in plain
Python until the work it has done that way reaches what loading numba would have
cost (:data:`INTERPRETED_BUDGET` member-steps, the "ski-rental" rule, never more
than twice the better choice in hindsight); any batch beyond that budget, and every
later one, runs compiled.  Both run the same generated source in IEEE double
precision, so their results agree to the last bit (a test checks it).

The first process on a machine to need the compiled kernels compiles them (about
5–20 s; a message and a progress bar on stderr say so) while holding a lock; any
other process that starts meanwhile waits for it, and every later process loads the
machine code numba saved.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from peacetrap.core import cache
from peacetrap.core.info import ModelInfo

#: Member-steps a process integrates in plain Python before it loads numba's kernels
#: (about the 0.7 s that loading them costs, at ~0.2 ms per member-step).
INTERPRETED_BUDGET = 4000

_LOCK = threading.RLock()     # one process compiles or loads a kernel module once


class Kernels:
    """The functions generated from one model.

    ``derived`` evaluates every flow and auxiliary over whole arrays (numpy);
    :attr:`rhs` is numba's right-hand side; :meth:`integrator` picks the RK4 driver for
    a batch: plain Python for small work while the process has not loaded numba, else
    numba's serial kernel, which releases the GIL so that a batch is spread over cores
    in threads.
    """

    def __init__(self, module: ModuleType, info: ModelInfo) -> None:
        self._module = module
        self._info = info
        self._compiled: tuple[Any, Any, Any] | None = None
        self._interpreted = 0
        self.derived: Callable[..., np.ndarray] = module.derived
        #: The RK4 driver as plain Python (its calls to ``rhs`` go to numba's once the
        #: module is compiled: the same arithmetic, faster).
        self.python_integrate: Callable[..., int] = getattr(module.integrate, "py_func",
                                                            module.integrate)

    @property
    def is_compiled(self) -> bool:
        """Whether this process has loaded numba's machine code."""
        return self._compiled is not None

    def compiled(self) -> tuple[Any, Any, Any]:
        """``(rhs, integrate, state_rows)`` compiled by numba: loaded from its disk cache, or
        compiled once per machine (under a lock, with a message)."""
        with _LOCK:
            if self._compiled is None:
                name = self._info.kernels
                rhs, integrate, rows = self._module.compile_numba()
                if not cache.is_compiled(name):
                    with cache.locked(name):
                        if not cache.is_compiled(name):
                            _compile(rhs, integrate, rows, self._info)
                            cache.mark_compiled(name)
                self._compiled = (rhs, integrate, rows)
            return self._compiled

    def state_rows(self, x: np.ndarray, x0: np.ndarray, p: np.ndarray,
                   u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every flow and auxiliary, and every stock's rate of change, at each row of
        stocks ``x`` (internal units, compiled).

        Parameters
        ----------
        x, x0 : numpy.ndarray
            Stocks and reference stocks, ``(members, stocks)``.
        p : numpy.ndarray
            Parameters, ``(members, parameters)``.
        u : numpy.ndarray
            Inputs, ``(members, inputs)``.

        Returns
        -------
        derived : numpy.ndarray
            ``(members, derived)`` in the layout's order: the scalar right-hand side's
            arithmetic row by row, where :attr:`derived` (numpy, whole arrays) pays a
            per-array overhead on every quantity; the two agree to rounding.
        rates : numpy.ndarray
            ``(members, stocks)``: what :attr:`rhs` gives for each row, bit for bit.
        """
        rows = self.compiled()[2]
        x = np.ascontiguousarray(x)
        out = np.empty((x.shape[0], len(self._info.layout.derived)))
        dx = np.empty_like(x)
        with np.errstate(all="ignore"):
            rows(x, np.ascontiguousarray(x0), np.ascontiguousarray(p),
                 np.ascontiguousarray(u), out, dx)
        return out, dx

    @property
    def rhs(self) -> Any:
        """The compiled right-hand side ``rhs(x, x0, p, u, dx)`` (internal units)."""
        return self.compiled()[0]

    def integrator(self, member_steps: int) -> tuple[Any, bool]:
        """The RK4 driver for ``member_steps`` of work, and whether it is compiled.

        Plain Python while this work keeps the process within
        :data:`INTERPRETED_BUDGET`; numba's kernel otherwise and from then on.
        """
        with _LOCK:
            if self._compiled is None and self._interpreted + member_steps <= INTERPRETED_BUDGET:
                self._interpreted += member_steps
                return self.python_integrate, False
        return self.compiled()[1], True


def load(info: ModelInfo) -> Kernels:
    """Import the kernel module named by ``info`` (numba is not started until needed).

    The module file must exist in the cache (see :func:`peacetrap.core.codegen.store`).
    """
    return Kernels(cache.import_module(info.kernels), info)


def _compile(rhs: Any, integrate: Any, rows: Any, info: ModelInfo) -> None:
    """Call each kernel once on small arrays of the types the simulator passes (numba
    compiles and saves them); a message and a tqdm bar on stderr while it works."""
    from tqdm.auto import tqdm

    lay = info.layout
    ns, n_p, n_in = len(lay.stocks), len(lay.parameters), len(lay.inputs)
    sys.stderr.write("peacetrap: compiling the model's kernels (once per machine and model "
                     f"version, typically 5-20 s; kept in {cache.root()})\n")
    x0 = np.ones((1, ns))
    p = np.ones((1, n_p))
    u = np.ones((1, n_in, 3))
    with tqdm(total=3, desc="compiling", unit="kernel", leave=False,
              disable=not sys.stderr.isatty()) as bar, np.errstate(all="ignore"):
        rhs(x0[0], x0[0], p[0], u[0, :, 0].copy(), np.empty(ns))
        bar.update()
        limits = np.array([[-np.inf] * ns, [np.inf] * ns])
        integrate(x0, p, u, 0.01, 1, 1, limits, np.empty((1, 2, ns)),
                  np.zeros((1, 3), dtype=np.int64), np.zeros(1))
        bar.update()
        rows(x0, x0, p, u[:, :, 0].copy(), np.empty((1, len(lay.derived))), np.empty((1, ns)))
        bar.update()
