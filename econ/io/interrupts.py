"""Signals as clean exits: SIGTERM, SIGHUP and SIGINT unwind the stack like an exception.

Batch schedulers send SIGTERM at a time limit, a closed terminal sends SIGHUP
and Ctrl-C sends SIGINT.  :func:`install` turns the first of them into an
exception raised where the program is (:class:`Terminated`, or
:class:`KeyboardInterrupt` for SIGINT), so every ``finally`` and ``except
BaseException`` block runs: temporary output folders are removed.  A signal
that arrives while one is being handled is remembered, not raised again, so
the clean-up itself is not cut short.  A signal swallowed by a library (for
example during numba compilation, or by the interpreter when the signal lands
in a weak-reference callback or a finaliser, where Python reports the exception
as "ignored") is still seen: :func:`check` raises it before an output folder is
moved into place, and the command line exits with the signal's code.  The
reports of such a swallowed signal are not printed: the interpreter's
"ignored" report goes through ``sys.unraisablehook``, and a compiled extension
that cannot propagate an exception (a Cython ``noexcept`` function, for example
scipy's Sobol initialisation) first prints the whole traceback through
``sys.excepthook``; while the handlers are installed both hooks drop the
exception of a signal already received and pass everything else on.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

HANDLED = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None),
                            signal.SIGINT) if s is not None)
_received: list[int] = []
_holding: list[bool] = []
_hooks: list[tuple[Callable, Callable]] = []  # (unraisablehook, excepthook) replaced


class Terminated(BaseException):
    """The process was asked to stop by a signal (SIGTERM or SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def _handler(signum: int, frame: object) -> None:
    first = not _received
    _received.append(signum)
    if first and not _holding:
        raise _exception(signum)


def _unraisable(report: "sys.UnraisableHookArgs") -> None:
    """Drop the interpreter's report of a signal's exception it could not raise.

    The signal is remembered in ``_received`` and :func:`check` raises it later; any
    other unraisable exception goes to the hook that was installed before.
    """
    if _swallowed(report.exc_value):
        return
    (_hooks[0][0] if _hooks else sys.__unraisablehook__)(report)


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    """Drop a compiled extension's print-out of a signal's exception it swallowed.

    Anything else goes to the hook that was installed before.
    """
    if _swallowed(exc):
        return
    (_hooks[0][1] if _hooks else sys.__excepthook__)(exc_type, exc, tb)


def _swallowed(exc: BaseException | None) -> bool:
    return bool(_received) and isinstance(exc, (Terminated, KeyboardInterrupt))


def install() -> dict:
    """Handle SIGTERM, SIGHUP and SIGINT as described above (main thread only).

    Returns the handlers it replaced, for :func:`restore`.
    """
    _received.clear()
    _holding.clear()
    if not _hooks:
        _hooks.append((sys.unraisablehook, sys.excepthook))
        sys.unraisablehook = _unraisable
        sys.excepthook = _excepthook
    previous = {}
    for sig in HANDLED:
        try:
            previous[sig] = signal.signal(sig, _handler)
        except (ValueError, OSError):  # not the main thread, or not supported here
            pass
    return previous


def restore(previous: dict) -> None:
    """Put back the handlers :func:`install` replaced."""
    for sig, handler in previous.items():
        try:
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        except (ValueError, OSError, TypeError):
            pass
    _holding.clear()
    if _hooks:
        sys.unraisablehook, sys.excepthook = _hooks.pop()


def hold() -> None:
    """From now on note the handled signals but raise none (the program is finishing)."""
    _holding.append(True)


def received() -> int | None:
    """The first signal received since :func:`install`, if any."""
    return _received[0] if _received else None


def check() -> None:
    """Raise the first signal received, even if something swallowed its exception."""
    if _received:
        raise _exception(_received[0])


@contextmanager
def deferred_quiet() -> Iterator[None]:
    """Hold the handled signals back while a block runs (for clean-up after one was raised)."""
    _holding.append(True)
    try:
        yield
    finally:
        _holding.pop()


def exit_code(signum: int) -> int:
    """The shell's code for death by a signal: 128 + its number (130 for Ctrl-C)."""
    return 128 + int(signum)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold the handled signals back while a block runs (they are raised right after it).

    For short critical sections, such as moving a finished folder into place.
    """
    _holding.append(True)
    try:
        yield
    finally:
        _holding.pop()
    check()


__all__ = ["Terminated", "install", "received", "check", "exit_code", "deferred", "deferred_quiet", "hold", "restore"]
