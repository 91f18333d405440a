r"""Scoreboard checks on a calibration's path through the record years.

Three kinds of check, each a ``[[check]]`` entry of ``data/validation.toml``
that names its variables and years (nothing here is specific to a variable):

``history.band`` and ``history.appendix_band``
    Every target of the record (a targets file) in the years
    :math:`[y_0, y_1]` for each variable of ``bands``: the miss
    :math:`|m - r|` (growth rates and rates, in pp) or
    :math:`100\,|m / r - 1|` (levels, in %) over the variable's band;
    the row's value is the largest ratio, accepted in :math:`[0, 1]`.
``history.ceiling``
    The annual mean of a variable in every year :math:`y_0..y_1`; the value is
    the highest, accepted at most the check's ``high``.
``history.level``
    A variable's statistic in one period (e.g. the 2025 mean), in a range.

Model values come from :func:`peacetrap.calibrate.record.evaluate_targets`,
the same evaluation the calibration's fit uses, so a statistic means the same
here as in a targets file.  A calibration the check does not apply to gets one
not-applicable row.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from peacetrap.analysis.validate_spec import CheckSpec, ValidationSpec, make_row
from peacetrap.core.model import Model
from peacetrap.errors import PeacetrapError, failure_note
from peacetrap.run.setups import Calibration


def _applies(c: CheckSpec, cal: Calibration) -> bool:
    return cal.name in c.options.get("applies_to", [cal.name])


def _not_applicable(c: CheckSpec, cal: Calibration, fields: dict) -> dict:
    return make_row(c, cal.name, None, fields=fields,
                    note=f"not applicable: calibration {cal.name} is not one this check is "
                         f"for ({', '.join(c.options.get('applies_to', []))})")


def _years(c: CheckSpec) -> tuple[int, int]:
    y0, y1 = c.options["years"]
    return int(y0), int(y1)


def _target_year(period: str) -> int:
    return int(str(period)[:4])


def band_rows(model: Model, cal: Calibration, c: CheckSpec) -> list[dict]:
    """Rows of a band check: per variable, the largest miss over its band."""
    from peacetrap.calibrate.record import evaluate_targets
    from peacetrap.calibrate.targets import load_targets

    y0, y1 = _years(c)
    record = c.options.get("record", "observed")
    bands: dict[str, dict[str, float]] = c.options["bands"]
    base = {"years": f"{y0}-{y1}", "record": record}
    if not _applies(c, cal):
        return [_not_applicable(c, cal, {**base, "variable": "every variable", "worst": "-",
                                         "band": "-"})]
    rec = load_targets(model, record)
    kept = [t for t in rec.figures if t.variable in bands and y0 <= _target_year(t.period) <= y1]
    try:
        ev = evaluate_targets(model, cal, replace(rec, targets=kept)) if kept else None
        failed = ""
    except PeacetrapError as exc:
        ev, failed = None, failure_note(exc)
    rows = []
    for var, band in bands.items():
        text = " / ".join(f"{v:g} pp" if k == "pp" else f"{v:g} %" for k, v in band.items())
        fields = {**base, "variable": var, "band": text}
        if failed:
            rows.append(make_row(c, cal.name, float("nan"), fields={**fields, "worst": "-"},
                                 note=failed))
            continue
        part = ev[ev["variable"] == var] if ev is not None else None
        if part is None or part.empty:
            rows.append(make_row(c, cal.name, None, fields={**fields, "worst": "-"},
                                 note=f"not applicable: {record} records no {var} target in "
                                      f"{y0}-{y1}"))
            continue
        ratios, details, skipped = [], [], 0
        for r in part.itertuples():
            rate = r.stat.startswith("growth") or var.endswith("_pct") or "_pct_" in var
            key = "pp" if rate else "pct"
            if key not in band:
                skipped += 1
                continue
            miss = abs(r.model - r.value) if rate else 100.0 * abs(r.model / r.value - 1.0)
            ratios.append(miss / band[key])
            details.append(f"{r.period}: model {r.model:.4g} vs {r.value:.4g}, miss "
                           f"{miss:.3g} {'pp' if rate else '%'}")
        if not ratios:
            rows.append(make_row(c, cal.name, None, fields={**fields, "worst": "-"},
                                 note=f"not applicable: no {var} target of {record} in "
                                      f"{y0}-{y1} is of the band's kind"))
            continue
        k = int(np.nanargmax(ratios))
        rows.append(make_row(c, cal.name, float(ratios[k]), fields={**fields,
                                                                  "worst": details[k]},
                             note=f"{len(ratios)} target(s) compared"
                                  + (f", {skipped} of another kind skipped" if skipped else "")
                                  + "; value = largest miss / band (growth rates and rates "
                                    "in pp, levels in %)"))
    return rows


def ceiling_rows(model: Model, cal: Calibration, c: CheckSpec) -> list[dict]:
    """The highest annual mean of ``variable`` in the years, against the ceiling."""
    y0, y1 = _years(c)
    var = c.options["variable"]
    fields = {"years": f"{y0}-{y1}", "variable": var, "worst": "-"}
    if not _applies(c, cal):
        return [_not_applicable(c, cal, fields)]
    values = _statistics(model, cal, var, "mean", [str(y) for y in range(y0, y1 + 1)])
    if values is None:
        return [make_row(c, cal.name, float("nan"), fields=fields, note="simulation failed")]
    k = int(np.argmax(values))
    each = ", ".join(f"{y0 + j}: {v:.3g}" for j, v in enumerate(values))
    return [make_row(c, cal.name, float(values[k]), fields={**fields, "worst": str(y0 + k)},
                     note=f"annual means {each}")]


def level_rows(model: Model, cal: Calibration, c: CheckSpec) -> list[dict]:
    """A variable's statistic in one period, against the check's range."""
    var, period, stat = c.options["variable"], c.options["period"], c.options["stat"]
    fields = {"variable": var, "period": period}
    if not _applies(c, cal):
        return [_not_applicable(c, cal, fields)]
    values = _statistics(model, cal, var, stat, [period])
    if values is None:
        return [make_row(c, cal.name, float("nan"), fields=fields, note="simulation failed")]
    return [make_row(c, cal.name, float(values[0]), fields=fields)]


def _statistics(model: Model, cal: Calibration, variable: str, stat: str,
                periods: list[str]) -> np.ndarray | None:
    """Model values of ``stat`` of ``variable`` in ``periods`` (as a targets file reads them)."""
    from peacetrap.calibrate.record import evaluate_targets
    from peacetrap.calibrate.targets import Target, load_targets

    probes = [Target(variable, p, stat, 0.0, 1.0, "absolute", "probe") for p in periods]
    try:
        ev = evaluate_targets(model, cal, replace(load_targets(model, "observed"),
                                                  targets=probes))
    except PeacetrapError:
        return None
    return ev["model"].to_numpy(float)


def path_rows(model: Model, cal: Calibration, spec: ValidationSpec) -> list[dict]:
    """Every path check of the history group, in the file's order."""
    kinds = {"history.band": band_rows, "history.appendix_band": band_rows,
             "history.ceiling": ceiling_rows, "history.level": level_rows}
    rows: list[dict] = []
    for cid, fn in kinds.items():
        rows += fn(model, cal, spec.checks[cid])
    return rows
