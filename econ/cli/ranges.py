"""Allowed ranges of command-line arguments, checked while the arguments are parsed.

Each ``argparse`` type here refuses a value outside its range with one line
naming the argument, the value and what is allowed (exit 2, nothing run).
:func:`check_memory` refuses a run whose arrays would not fit in memory,
before they are allocated.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable

#: Largest seed: numpy's generators take any whole number from 0; this keeps seeds in 64 bits.
MAX_SEED = 2**63 - 1
#: Most ensemble draws (as :data:`peacetrap.io.schemas.MAX_DRAWS`, checked by the Python API).
MAX_DRAWS = 10_000_000
#: Share of the available memory a command may plan to use.
MEMORY_SHARE = 0.5


def whole(lo: int, hi: int, power_of_two: bool = False) -> Callable[[str], int]:
    """An argparse type: a whole number from ``lo`` to ``hi`` (a power of two if asked)."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number; allowed {lo} to {hi}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range; allowed {lo} to {hi}")
        if power_of_two and value & (value - 1):
            raise argparse.ArgumentTypeError(
                f"{value} is not a power of two (Sobol' sequences are balanced only then); "
                f"allowed {lo}, {2 * lo}, ... {hi}")
        return value
    parse.__name__ = "whole number"
    return parse


def real(lo: float, hi: float, open_low: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number in ``[lo, hi]`` (``(lo, hi]`` if ``open_low``)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        low_ok = value > lo if open_low else value >= lo
        if not (math.isfinite(value) and low_ok and value <= hi):
            allowed = f"more than {lo:g}, up to {hi:g}" if open_low else f"{lo:g} to {hi:g}"
            raise argparse.ArgumentTypeError(f"{text} is out of range; allowed {allowed}")
        return value
    parse.__name__ = "number"
    return parse


def name(text: str) -> str:
    """An argparse type: a non-empty name or path."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty; give a name or a path")
    if "\x00" in text:
        raise argparse.ArgumentTypeError("contains a NUL character")
    return text


name.__name__ = "name"
seed = whole(0, MAX_SEED)


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (``MemAvailable``), if known."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_memory(nbytes: float, what: str, hint: str) -> None:
    """Refuse (``InputError``) a run planned to use more than half the available memory."""
    from peacetrap.errors import InputError

    avail = available_memory()
    if avail is not None and nbytes > MEMORY_SHARE * avail:
        raise InputError(f"{what} would need about {nbytes / 2**30:.1f} GiB of memory; "
                         f"{avail / 2**30:.1f} GiB is available (at most half of it is used); "
                         f"{hint}")


__all__ = ["whole", "real", "name", "seed", "check_memory", "available_memory", "MAX_SEED",
           "MAX_DRAWS"]
