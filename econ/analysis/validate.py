r"""The validation scoreboard: does the model agree with the evidence?

One row per check: the model's value, the accepted range, the unit, the
source of the range and whether the value lies in it.  Six groups:

``long run``      100 peacetime years: inflation at target, unemployment at the
                  natural rate, ratios settle, the target does not move real GDP;
``elasticities``  defence multiplier, exchange-rate pass-through, Okun
                  coefficient, sacrifice ratio, each an experiment on the model;
``backtests``     every shipped historical episode against its record;
``history``       the 2021-2025 record, the essay's appendix figures and the
                  calibration's path through the record years;
``scenarios``     what the essay's scenarios must show (sanctions relief against
                  sudden peace, the currency collapse);
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

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.analysis.validate_spec import (COLUMNS, ValidationSpec, check_bar_episodes,
                                              load_spec, parse_groups)
from peacetrap.core.model import Model
from peacetrap.errors import InputError
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
        """The scoreboard as aligned text lines (for the terminal).

        A row without a value (not applicable, or a measurement that failed) shows its
        note, which says why, in place of the value and range.
        """
        lines = []
        for g in self.groups:
            part = self.table[self.table["group"] == g]
            lines.append(f"{g}")
            for r in part.itertuples():
                mark = "n/a " if r.passed is None or pd.isna(r.passed) else (
                    "PASS" if r.passed else "FAIL")
                if not np.isfinite(r.value):   # not applicable, or a failed measurement:
                    lines.append(f"  {mark}  {r.check}: {r.note or 'no value'}")   # say why
                    continue
                lines.append(f"  {mark}  {r.check}: {fmt(r.value)} [{fmt(r.low)}, "
                             f"{fmt(r.high)}] {r.unit}".rstrip())
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


def extra_episodes(model: Model, files: Sequence[str | Path]) -> dict[str, str]:
    """Episode files to backtest beside the shipped ones, checked before anything runs.

    Returns their paths (as the backtests load them) by episode name.

    Raises
    ------
    InputError
        When a file is not a valid episode file (naming the file, the key and the
        value), or its ``[episode].name`` is that of a shipped episode or another file.
    """
    from peacetrap.calibrate.episodes import load_episode

    seen = {name: "a shipped episode" for name in episodes_to_backtest()}
    out: dict[str, str] = {}
    for f in files:
        ep = load_episode(model, Path(f))
        if ep.name in seen:
            raise InputError(f"episode file {f}: episode.name = {ep.name!r} is already "
                             f"{seen[ep.name]}'s; give each episode its own name")
        seen[ep.name] = f"the name of {f}"
        out[ep.name] = str(Path(f))
    return out


def _backtest_worker(spec: ValidationSpec, episode: str) -> list[dict]:
    """One episode's rows in a worker process (the model is the cached default one)."""
    from peacetrap.analysis.validate_record import backtest_one
    from peacetrap.core.model import load_model

    return backtest_one(load_model(), spec, episode)


def validate(model: Model, calibration: Calibration, groups: list[str] | None = None,
             spec: ValidationSpec | None = None, progress: bool = False,
             workers: int = 1, episodes: Sequence[str | Path] = ()) -> Scoreboard:
    """Measure every check of the chosen groups for one calibration.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        Under test (long run, elasticities, history, accounting); backtests
        calibrate each shipped episode from its own file.
    groups : list of str, optional
        Group names (``long run``, ``elasticities``, ``backtests``, ``history``,
        ``scenarios``, ``accounting``) or ``--only`` keys; default all.
    spec : ValidationSpec, optional
        Default: the shipped ``data/validation.toml``.
    progress : bool
        Show a tqdm bar on stderr.
    workers : int
        Processes for the backtests (each episode is an independent fit).
    episodes : sequence of str or Path
        Episode files (not shipped) backtested beside the shipped ones, by the same
        rules; their rows are labelled ``episode <name>`` from the file.

    Returns
    -------
    Scoreboard

    Raises
    ------
    InputError
        When an episode file is invalid or has the name of another episode.
    """
    from tqdm.auto import tqdm

    from peacetrap.io.progress import remaining_delay

    from peacetrap.analysis import validate_experiments as vx
    from peacetrap.analysis import validate_paths as vp
    from peacetrap.analysis import validate_record as vr
    from peacetrap.analysis import validate_scenarios as vs

    spec = spec or load_spec(model)
    chosen = parse_groups(groups)
    names: list[str] = []
    if "backtests" in chosen:
        own, extra = episodes_to_backtest(), extra_episodes(model, episodes)
        # a bar on an episode not backtested here would go unused without a word
        check_bar_episodes(spec, own + list(extra))
        names = own + list(extra.values())
    # backtests first, in worker processes forked before anything else starts threads;
    # the other groups run here meanwhile
    pool, futures = _start_backtests(spec, names, workers)
    steps = len([g for g in chosen if g != "backtests"]) + len(names)
    bar = tqdm(total=steps, unit="step", delay=remaining_delay(), disable=not progress, leave=False,
               desc="validate")
    rows: dict[str, list[dict]] = {g: [] for g in chosen}
    peace_rows: dict[str, dict] = {}
    try:
        for g in [g for g in chosen if g != "backtests"]:
            bar.set_postfix_str(g)
            if g == "long run" or (g == "elasticities" and "long run" not in chosen):
                lr, peace_rows = vx.long_run_and_peacetime(model, calibration, spec)
                if g == "long run":
                    rows[g] = lr + vx.steady_state_rows(model, calibration, spec)
            if g == "elasticities":
                rows[g] = vx.elasticity_rows(model, calibration, spec, peace_rows)
            elif g == "history":
                rows[g] = vr.history_rows(model, calibration, spec) \
                    + vp.path_rows(model, calibration, spec)
            elif g == "scenarios":
                rows[g] = vs.scenario_rows(model, calibration, spec)
            elif g == "accounting":
                rows[g] = vr.accounting_rows(model, calibration, spec)
            bar.update(1)
        if names:
            rows["backtests"] = _collect_backtests(model, spec, names, futures, bar)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
    table = pd.DataFrame([r for g in chosen for r in rows[g]], columns=COLUMNS)
    table["passed"] = table["passed"].astype(object).where(table["passed"].notna(), None)
    return Scoreboard(table=table, calibration=calibration.name, groups=chosen, spec=spec)


def _start_backtests(spec: ValidationSpec, episodes: list[str], workers: int
                     ) -> tuple[ProcessPoolExecutor | None, dict]:
    """A process pool running the episodes' backtests (``None`` when run in this process)."""
    import multiprocessing as mp

    if workers <= 1 or len(episodes) <= 1 or "fork" not in mp.get_all_start_methods():
        return None, {}
    pool = ProcessPoolExecutor(max_workers=min(workers, len(episodes)),
                               mp_context=mp.get_context("fork"))
    return pool, {ep: pool.submit(_backtest_worker, spec, ep) for ep in episodes}


def _collect_backtests(model: Model, spec: ValidationSpec, episodes: list[str],
                       futures: dict, bar: Any) -> list[dict]:
    """Backtest rows of every episode, in the order of ``episodes``."""
    from peacetrap.analysis.validate_record import backtest_one

    out: list[dict] = []
    for ep in episodes:
        bar.set_postfix_str(f"backtest {ep}")
        out += futures[ep].result() if ep in futures else backtest_one(model, spec, ep)
        bar.update(1)
    return out
