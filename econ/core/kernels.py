"""Loading the generated kernels of a model: from numba's disk cache, or compiled once.

The first process on a machine to use a model version compiles its kernels
(about 5–20 s, a message and a progress bar on stderr say so) while holding a
lock; any other process that starts meanwhile waits for it, and every later
process loads the machine code numba saved (well under a second).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from peacetrap.core import cache
from peacetrap.core.info import ModelInfo


@dataclass
class Kernels:
    """Compiled functions of one model.

    ``integrate`` is a serial numba kernel that releases the GIL, so a batch
    is spread over cores by running chunks in threads; ``rhs`` is the numba
    right-hand side; ``derived`` is plain numpy over whole arrays.
    """

    rhs: Any
    integrate: Any
    derived: Any


def load(info: ModelInfo) -> Kernels:
    """Import the kernel module named by ``info`` and make sure it is compiled.

    The module file must exist in the cache (see :func:`peacetrap.core.codegen.store`).
    """
    module = cache.import_module(info.kernels)
    kernels = Kernels(rhs=module.rhs, integrate=module.integrate, derived=module.derived)
    if not cache.is_compiled(info.kernels):
        with cache.locked(info.kernels):
            if not cache.is_compiled(info.kernels):
                _compile(kernels, info)
                cache.mark_compiled(info.kernels)
    return kernels


def _compile(kernels: Kernels, info: ModelInfo) -> None:
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
    with tqdm(total=2, desc="compiling", unit="kernel", leave=False,
              disable=not sys.stderr.isatty()) as bar, np.errstate(all="ignore"):
        kernels.rhs(x0[0], x0[0], p[0], u[0, :, 0].copy(), np.empty(ns))
        bar.update()
        kernels.integrate(x0, p, u, 0.01, 1, 1, np.full(ns, -np.inf), np.empty((1, 2, ns)),
                          np.zeros((1, 3), dtype=np.int64))
        bar.update()
