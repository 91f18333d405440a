"""Rebuild the shipped fitted calibrations ``calibration/appendix.toml`` and ``observed.toml``.

``python -m peacetrap.calibrate.shipped`` runs ``peacetrap calibrate`` on the
shipped targets files (``calibration/targets/appendix.toml``,
``observed.toml``) and writes each fit's ``parameters.toml`` into
``calibration/`` with a header saying how it was made.  ``peacetrap run``
uses ``appendix`` by default; ``--calibration observed`` switches.
``tests/test_calibration_cli.py`` checks the shipped files still match a
fresh fit.
"""

from __future__ import annotations

from peacetrap.core.model import load_model
from peacetrap.io.resources import folder

from peacetrap.calibrate.fit import calibrate
from peacetrap.calibrate.record import RECORD, implied_year
from peacetrap.calibrate.report import (balanced_growth, parameters_document,
                                       write_calibration_file)
from peacetrap.calibrate.targets import load_targets

SHIPPED = ("appendix", "observed")


def build(name: str) -> None:
    """Fit targets file ``name`` and write ``calibration/<name>.toml``."""
    model = load_model()
    tset = load_targets(model, name)
    result = calibrate(model, tset)
    command = f"peacetrap calibrate --targets {name}"
    doc = parameters_document(model, result, tset, command,
                              balanced_growth(model, result.calibration))
    d = result.diagnostics
    comment = (f"Shipped calibration '{name}': the parameters.toml written by `{command}`\n"
               f"(rebuild with: python -m peacetrap.calibrate.shipped).\n"
               f"{tset.description}\n"
               f"Fit: objective {d['objective']:.6g}, {d['starts']} starts "
               f"({'agree' if d['starts_agree'] else 'do not agree'}), "
               f"{len(d['targets_outside_tolerance'])} of {len(tset.targets)} targets outside "
               "their tolerance; see the [report] and [estimates] tables at the end and\n"
               f"`peacetrap calibrate --targets {name}` for fit.csv and diagnostics.json.")
    point = doc["report"]
    comment += ("\nBalanced-growth point at peacetime inputs after the history: "
                + (f"found (spending propensity {point['spending_propensity_at_point']:.3f} of "
                   "expected disposable income; its limit is 1)."
                   if point["balanced_growth_point"] else
                   f"NOT FOUND ({point['balanced_growth_message']})."))
    if result.parameters_at_bounds:
        comment += ("\nFree values the fit left at a bound of their search range (the data "
                    "would take them further): " + ", ".join(result.parameters_at_bounds) + ".")
    if not result.checks.empty:
        comment += ("\nChecks (figures of the file kept out of the fit, fit = false): "
                    + ", ".join(f"{r.variable} {r.period}: model {r.model:.3g} vs {r.record:g} "
                                f"+- {r.tolerance:.3g}" for r in result.checks.itertuples())
                    + ".")
    if name != RECORD:
        names = {"rub_per_usd": ("RUB/USD", ""), "cpi_inflation_yoy_pct": ("CPI Dec/Dec", " %"),
                 "key_rate_pct": ("key rate Dec", " %"),
                 "real_wage_growth_yoy_pct": ("real wage growth", " %"),
                 "gdp_real": ("real GDP growth", " %"),
                 "unemployment_rate_pct": ("unemployment", " %"),
                 "current_account_pct_gdp": ("current account", " % of GDP")}
        parts = [f"{names[r.variable][0]} {r.model:.1f}{names[r.variable][1]}"
                 + ("" if r.record != r.record else f" (record {r.record:.1f})")
                 for r in implied_year(model, result.calibration).itertuples()]
        comment += ("\nIts world in 2025 against the record (not fitted):\n"
                    + ", ".join(parts) + ".")
    write_calibration_file(folder("calibration") / f"{name}.toml", doc, comment)


def main() -> None:
    for name in SHIPPED:
        build(name)
        print(f"wrote calibration/{name}.toml")


if __name__ == "__main__":
    main()
