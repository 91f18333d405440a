r"""Which scoreboard verdicts a calibration's uncertainty can turn.

A fitted calibration's free values have standard errors (its ``[estimates]`` table). A
check that passes or fails only because a value sits where the fit stopped is a weaker
verdict than one that holds across the values the record allows.
:func:`scoreboard_sensitivity` moves each estimated parameter in turn by one standard
error, :math:`\hat\theta_i \pm s_i` clipped to its search range (the estimates' priors of
:func:`peacetrap.analysis.uncertainty.priors`), the others kept, and measures the
scoreboard again (the backtests left out: they calibrate their own episodes and do not
read the calibration). For a calibration built from a targets file of the same name it
also counts that file's targets within tolerance at the moved values, so a move the
record rejects can be told from one it allows.

Run ``python -m peacetrap.analysis.calibration_sensitivity NAME`` for a shipped
calibration's table.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from peacetrap.analysis.uncertainty import priors
from peacetrap.analysis.validate import validate
from peacetrap.analysis.validate_spec import GROUPS
from peacetrap.core.model import Model
from peacetrap.io.progress import on_terminal, remaining_delay
from peacetrap.run.setups import Calibration

#: The groups measured again (the backtests do not read the calibration).
MEASURED = tuple(g for g in GROUPS if g != "backtests")


def _within(model: Model, cal: Calibration, name: str) -> tuple[int, int] | None:
    """Targets of the targets file ``name`` within tolerance under ``cal``, and their
    number (``None`` when there is no such file)."""
    from peacetrap.calibrate.record import evaluate_targets
    from peacetrap.calibrate.targets import load_targets, targets_names

    if name not in targets_names():
        return None
    ev = evaluate_targets(model, cal, load_targets(model, name))
    r = np.abs(np.nan_to_num(ev["residual"].to_numpy(dtype=float), nan=np.inf))
    return int((r <= 1.0).sum()), len(r)


def scoreboard_sensitivity(model: Model, calibration: Calibration,
                           names: list[str] | None = None,
                           progress: bool = False) -> pd.DataFrame:
    """The scoreboard's rows that turn when an estimated parameter moves by a standard error.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        A calibration with an ``[estimates]`` table of standard errors.
    names : list of str, optional
        The estimated parameters to move (default: all of them).
    progress : bool
        Show a tqdm bar over the moves on stderr.

    Returns
    -------
    pandas.DataFrame
        One row per move and row that turns (a move that turns none has one row with an
        empty ``key``): parameter, side (``-1 se`` or ``+1 se``), value, targets_within and
        targets (the calibration's own targets file at the moved values; NaN without one,
        and for the fitted values in ``attrs["targets_within"]``), key, check, before,
        after (the row's value), passed_before, passed_after. ``attrs["passed"]`` is the
        fitted scoreboard's count of passing rows (of the groups in :data:`MEASURED`).
    """
    base = validate(model, calibration, groups=list(MEASURED)).table.set_index("key")
    fitted = _within(model, calibration, calibration.name)
    moves = []
    for p in priors(model, calibration, names=names, source="estimates").priors:
        for side, v in (("-1 se", p.centre - p.scale), ("+1 se", p.centre + p.scale)):
            v = float(min(max(v, p.low), p.high))
            if not np.isclose(v, p.centre, rtol=1e-12, atol=0.0):
                moves.append((p.name, side, v))
    rows = []
    for name, side, v in tqdm(moves, desc=f"sensitivity of {calibration.name}", unit="move",
                              leave=False, delay=remaining_delay(), disable=not progress):
        values = calibration.values.copy()
        values[name] = v
        moved = replace(calibration, values=values)
        table = validate(model, moved, groups=list(MEASURED)).table.set_index("key")
        within = _within(model, moved, calibration.name)
        head = {"parameter": name, "side": side, "value": v,
                "targets_within": np.nan if within is None else within[0],
                "targets": np.nan if within is None else within[1]}
        turned = [k for k in base.index
                  if k in table.index and base.loc[k, "passed"] != table.loc[k, "passed"]]
        for k in turned or [""]:
            rows.append({**head, "key": k,
                         "check": base.loc[k, "check"] if k else "",
                         "before": base.loc[k, "value"] if k else np.nan,
                         "after": table.loc[k, "value"] if k else np.nan,
                         "passed_before": base.loc[k, "passed"] if k else None,
                         "passed_after": table.loc[k, "passed"] if k else None})
    out = pd.DataFrame(rows, columns=["parameter", "side", "value", "targets_within",
                                      "targets", "key", "check", "before", "after",
                                      "passed_before", "passed_after"])
    out.attrs["passed"] = int((base["passed"] == True).sum())  # noqa: E712
    out.attrs["targets_within"] = fitted
    return out


def summary(table: pd.DataFrame) -> str:
    """Text: each move, its targets within tolerance, and the rows it turns."""
    fitted = table.attrs.get("targets_within")
    lines = [f"fitted values: {table.attrs.get('passed')} rows pass"
             + (f"; {fitted[0]} of {fitted[1]} targets within tolerance" if fitted else "")]
    for (name, side, value), part in table.groupby(["parameter", "side", "value"], sort=False):
        r0 = part.iloc[0]
        fit = ("" if pd.isna(r0["targets_within"]) else
               f" ({int(r0['targets_within'])} of {int(r0['targets'])} targets)")
        turned = [f"{r.key} ({'pass' if r.passed_before else 'fail'} -> "
                  f"{'pass' if r.passed_after else 'fail'}, {r.before:.4g} -> {r.after:.4g})"
                  for r in part.itertuples() if r.key]
        lines.append(f"{name} {side} = {value:.4g}{fit}: " + ("; ".join(turned) or "none turns"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table of a calibration (default ``observed``)."""
    from peacetrap.core.model import load_model
    from peacetrap.run.setups import load_calibration

    args = argv if argv is not None else sys.argv[1:]
    model = load_model()
    cal = load_calibration(model, args[0] if args else "observed")
    print(summary(scoreboard_sensitivity(model, cal, progress=on_terminal())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
