"""Progress on a terminal for commands made of a few long stages.

Commands that loop over many runs (ensemble, sensitivity, calibration) count
the runs; commands made of a few stages (simulate, draw, write) count stages.
Both draw a tqdm bar on stderr, and only when stderr is a terminal and the
command has run for two seconds, so quick commands and logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:                      # tqdm is imported when a bar is made, not with the CLI
    from tqdm import tqdm

DELAY_SECONDS = 2.0


def on_terminal() -> bool:
    """Whether progress should be shown: stderr is a terminal."""
    return sys.stderr.isatty()


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


@contextmanager
def stages(desc: str, total: int) -> Iterator[Stages]:
    """A stage bar for a command of ``total`` stages, shown as ``desc``.

    Examples
    --------
    >>> with stages("compare", 2) as s:
    ...     s.stage("simulating")
    ...     s.stage("writing")
    """
    from tqdm.auto import tqdm

    with tqdm(total=total, desc=desc, unit="stage", delay=DELAY_SECONDS, leave=False,
              disable=not on_terminal(),
              bar_format="{desc}: {n_fmt}/{total_fmt} stages [{elapsed}{postfix}]") as bar:
        s = Stages(bar)
        yield s
        if s._started:
            bar.update()
