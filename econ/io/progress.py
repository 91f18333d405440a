"""Progress on a terminal for commands made of a few long stages.

Commands that loop over many runs (ensemble, sensitivity, calibration) count
the runs; commands made of a few stages (load, simulate, draw, write) count
stages.  Both draw a tqdm bar on stderr, and only when stderr is a terminal and
the command has run for :data:`DELAY_SECONDS`, so quick commands and logs stay
clean.  The delay counts from the start of the command (:func:`command_started`,
called by the command line), not from the bar's creation, so the seconds spent
importing and loading count too; from Python, outside a command, it counts from
the bar's creation.  A stage bar refreshes itself while a long stage runs, so it
appears on time even when no stage ends.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:                      # tqdm is imported when a bar is made, not with the CLI
    from tqdm import tqdm

DELAY_SECONDS = 2.0
#: Seconds between the refreshes of a stage bar's elapsed time.
REFRESH_SECONDS = 0.5

_started: float | None = None


def on_terminal() -> bool:
    """Whether progress should be shown: stderr is a terminal."""
    return sys.stderr.isatty()


def command_started() -> None:
    """Note that a command starts now: bars count their delay from this moment."""
    global _started
    _started = time.monotonic()


def remaining_delay() -> float:
    """Seconds a bar made now waits before it shows.

    Returns
    -------
    float
        :data:`DELAY_SECONDS` less the time since the command started
        (:func:`command_started`), at least 0; the whole :data:`DELAY_SECONDS`
        when no command was started (library use).
    """
    if _started is None:
        return DELAY_SECONDS
    return max(0.0, DELAY_SECONDS - (time.monotonic() - _started))


class Stages:
    """A bar over named stages: ``stage(name)`` marks the previous one done."""

    def __init__(self, bar: "tqdm") -> None:
        self._bar = bar
        self._started = False

    def stage(self, name: str) -> None:
        """Start stage ``name`` (the previous stage is counted as done)."""
        if self._started:
            self._bar.update()
        self._started = True
        self._bar.set_postfix_str(name, refresh=False)


def _tick(bar: "tqdm", wait: float, stop: threading.Event) -> None:
    """Refresh ``bar`` every :data:`REFRESH_SECONDS` once ``wait`` seconds have passed,
    until ``stop`` is set."""
    if stop.wait(wait):
        return
    while True:
        bar.refresh()
        if stop.wait(REFRESH_SECONDS):
            return


@contextmanager
def stages(desc: str, total: int, show: bool = True,
           file: TextIO | None = None) -> Iterator[Stages]:
    """A stage bar for a command of ``total`` stages, shown as ``desc``.

    The bar shows once :func:`remaining_delay` has passed, on a terminal only, and
    is gone when the block ends: print results after the block, not inside it.

    Parameters
    ----------
    desc : str
        What the bar is labelled with (the command).
    total : int
        Number of stages.
    show : bool
        False hides the bar whatever stderr is (a command's ``--quiet``).
    file : file-like, optional
        Where the bar is drawn (default ``sys.stderr``).

    Examples
    --------
    >>> with stages("compare", 2) as s:
    ...     s.stage("simulating")
    ...     s.stage("writing")
    """
    from tqdm.auto import tqdm

    wait = remaining_delay()
    with tqdm(total=total, desc=desc, unit="stage", delay=wait, leave=False,
              disable=not (show and on_terminal()), file=file or sys.stderr,
              bar_format="{desc}: {n_fmt}/{total_fmt} stages [{elapsed}{postfix}]") as bar:
        s = Stages(bar)
        stop = threading.Event()
        ticker = threading.Thread(target=_tick, args=(bar, wait, stop), daemon=True)
        if not bar.disable:
            ticker.start()
        try:
            yield s
            if s._started:
                bar.update()
        finally:
            stop.set()
            if ticker.is_alive():
                ticker.join()
