r"""The validation scoreboard: does the model agree with the evidence?

One row per check: the model's value, the accepted range, the unit, the
source of the range and whether the value lies in it.  Five groups:

``long run``      100 peacetime years: inflation at target, unemployment at the
                  natural rate, ratios settle, the target does not move real GDP;
``elasticities``  defence multiplier, exchange-rate pass-through, Okun
                  coefficient, sacrifice ratio, each an experiment on the model;
``backtests``     every shipped historical episode against its record;
``history``       the 2021-2025 record and the essay's appendix figures;
``accounting``    people and money identities, step halving.

Ranges and sources are data (``data/validation.toml``); the measurements are
pure functions (:mod:`peacetrap.analysis.measures`); the experiments are in
:mod:`peacetrap.analysis.validate_experiments` and
:mod:`peacetrap.analysis.validate_record`.  A check that cannot be computed
for a calibration is *not applicable* (``passed`` empty) and is never counted
as passed.

Examples
--------
>>> import peacetrap as pt
>>> from peacetrap.analysis.validate import validate
>>> model = pt.load_model()
>>> board = validate(model, pt.load_calibration(model, "appendix"), ["accounting"])
>>> board.table[["check", "value", "passed"]]          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.analysis.validate_spec import (COLUMNS, GROUPS, ValidationSpec, load_spec,
                                              parse_groups)
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration


@dataclass
class Scoreboard:
    """The scoreboard of one calibration.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per check, columns :data:`~peacetrap.analysis.validate_spec.COLUMNS`;
        ``passed`` is True, False or None (not applicable).
    calibration : str
    groups : list of str
    spec : ValidationSpec
    """

    table: pd.DataFrame
    calibration: str
    groups: list[str]
    spec: ValidationSpec

    @property
    def n_checks(self) -> int:
        """Checks that apply (passed or failed)."""
        return int(self.table["passed"].notna().sum())

    @property
    def n_passed(self) -> int:
        return int((self.table["passed"] == True).sum())  # noqa: E712

    @property
    def n_failed(self) -> int:
        return int((self.table["passed"] == False).sum())  # noqa: E712

    @property
    def n_not_applicable(self) -> int:
        return int(self.table["passed"].isna().sum())

    def counts(self) -> pd.DataFrame:
        """Per group: checks, passed, failed, not applicable."""
        t = self.table
        rows = []
        for g in self.groups:
            p = t.loc[t["group"] == g, "passed"]
            rows.append({"group": g, "checks": int(p.notna().sum()),
                         "passed": int((p == True).sum()),  # noqa: E712
                         "failed": int((p == False).sum()),  # noqa: E712
                         "not_applicable": int(p.isna().sum())})
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        return (f"Scoreboard({self.calibration}: {self.n_passed} of {self.n_checks} checks "
                f"passed, {self.n_failed} failed, {self.n_not_applicable} not applicable; "
                f"groups {', '.join(self.groups)})")

    def text(self) -> str:
        """The scoreboard as aligned text lines (for the terminal)."""
        lines = []
        for g in self.groups:
            part = self.table[self.table["group"] == g]
            lines.append(f"{g}")
            for r in part.itertuples():
                mark = "n/a " if r.passed is None or pd.isna(r.passed) else (
                    "PASS" if r.passed else "FAIL")
                val = "" if not np.isfinite(r.value) else f"{fmt(r.value)}"
                lines.append(f"  {mark}  {r.check}: {val} [{fmt(r.low)}, {fmt(r.high)}] "
                             f"{r.unit}".rstrip())
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        """``validation.md``: the counts and the table, readable on a code host."""
        t = self.table
        out = [f"# Validation scoreboard: calibration `{self.calibration}`", "",
               f"{self.n_passed} of {self.n_checks} checks pass, {self.n_failed} fail, "
               f"{self.n_not_applicable} not applicable (never counted as passed). Ranges and "
               "sources: `data/validation.toml`; experiments: `docs/validation.md`.", "",
               "| group | checks | passed | failed | not applicable |",
               "| --- | ---: | ---: | ---: | ---: |"]
        for r in self.counts().itertuples():
            out.append(f"| {r.group} | {r.checks} | {r.passed} | {r.failed} | {r.not_applicable} |")
        out += ["", "| group | check | value | low | high | unit | passed | source | note |",
                "| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |"]
        for r in t.itertuples():
            mark = "n/a" if r.passed is None or pd.isna(r.passed) else (
                "pass" if r.passed else "**FAIL**")
            cells = [r.group, r.check, fmt(r.value), fmt(r.low), fmt(r.high), r.unit, mark,
                     r.source, r.note]
            out.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
        return "\n".join(out) + "\n"


def fmt(v: float) -> str:
    """A number in 4 significant digits; empty for missing."""
    if v is None or not np.isfinite(v):
        return ""
    return f"{v:.4g}"


def episodes_to_backtest() -> list[str]:
    """Every shipped episode (``calibration/episodes/*.toml``)."""
    from peacetrap.calibrate.episodes import episode_names

    return list(episode_names())


def _backtest_worker(episode: str) -> list[dict]:
    from peacetrap.core.model import load_model

    model = load_model()
    return _backtest_rows(model, load_spec(model, _SPEC_PATH), episode)


_SPEC_PATH: Path | None = None


def _backtest_rows(model: Model, spec: ValidationSpec, episode: str) -> list[dict]:
    from peacetrap.analysis.validate_record import backtest_one

    return backtest_one(model, spec, episode)


def validate(model: Model, calibration: Calibration, groups: list[str] | None = None,
             spec: ValidationSpec | None = None, progress: bool = False,
             workers: int = 1) -> Scoreboard:
    """Measure every check of the chosen groups for one calibration.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        Under test (long run, elasticities, history, accounting); backtests
        calibrate each shipped episode from its own file.
    groups : list of str, optional
        Group names (``long run``, ``elasticities``, ``backtests``, ``history``,
        ``accounting``) or ``--only`` keys; default all.
    spec : ValidationSpec, optional
        Default: the shipped ``data/validation.toml``.
    progress : bool
        Show a tqdm bar on stderr.
    workers : int
        Processes for the backtests (each episode is an independent fit).

    Returns
    -------
    Scoreboard
    """
    from tqdm.auto import tqdm

    from peacetrap.analysis import validate_experiments as vx
    from peacetrap.analysis import validate_record as vr

    spec = spec or load_spec(model)
    chosen = parse_groups(groups)
    episodes = episodes_to_backtest() if "backtests" in chosen else []
    steps = len([g for g in chosen if g != "backtests"]) + len(episodes)
    bar = tqdm(total=steps, unit="step", delay=2.0, disable=not progress, leave=False,
               desc="validate")
    rows: list[dict] = []
    peace_rows: dict[str, dict] = {}
    for g in chosen:
        bar.set_postfix_str(g)
        if g == "long run" or (g == "elasticities" and "long run" not in chosen):
            lr, peace_rows = vx.long_run_and_peacetime(model, calibration, spec)
            if g == "long run":
                rows += lr
        if g == "elasticities":
            rows += vx.elasticity_rows(model, calibration, spec, peace_rows)
        elif g == "backtests":
            rows += _run_backtests(model, spec, episodes, workers, bar)
            continue
        elif g == "history":
            rows += vr.history_rows(model, calibration, spec)
        elif g == "accounting":
            rows += vr.accounting_rows(model, calibration, spec)
        bar.update(1)
    bar.close()
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["passed"] = table["passed"].astype(object).where(table["passed"].notna(), None)
    return Scoreboard(table=table, calibration=calibration.name, groups=chosen, spec=spec)


def _run_backtests(model: Model, spec: ValidationSpec, episodes: list[str], workers: int,
                   bar) -> list[dict]:  # noqa: ANN001
    """Backtest rows of every episode, in parallel processes when ``workers > 1``."""
    global _SPEC_PATH
    if workers <= 1 or len(episodes) <= 1:
        out = []
        for ep in episodes:
            bar.set_postfix_str(f"backtest {ep}")
            out += _backtest_rows(model, spec, ep)
            bar.update(1)
        return out
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    _SPEC_PATH = spec.path
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    results: dict[str, list[dict]] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(episodes)), mp_context=ctx) as pool:
        futures = {pool.submit(_backtest_worker, ep): ep for ep in episodes}
        from concurrent.futures import as_completed

        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            bar.update(1)
    return [row for ep in episodes for row in results[ep]]
