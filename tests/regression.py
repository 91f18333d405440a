"""Regression figures of the shipped scenarios under the shipped default calibration.

Run ``python tests/regression.py`` to rewrite ``tests/data/regression.json`` after an
intended change of the model or its defaults (and say so in the commit message).
"""

from __future__ import annotations

import json
from pathlib import Path

import peacetrap as pt
from peacetrap.run.timeline import headlines

FILE = Path(__file__).with_name("data") / "regression.json"
COLUMNS = ["gdp_real_index", "unemployment_rate_pct", "cpi_inflation_yoy_pct", "key_rate_pct",
           "rub_per_usd", "monetary_overhang_pct_gdp", "soldiers_thousands",
           "casualties_cumulative_thousands"]
QUARTERS = ["2021Q4", "2023Q4", "2025Q4", "2026Q4", "2027Q4", "2030Q4", "2035Q4"]


def figures() -> dict:
    model = pt.load_model()
    cal = pt.load_calibration(model, "default")
    peace, grind = pt.load_scenario(model, "sudden-peace"), pt.load_scenario(model, "long-grind")
    sim = pt.simulate(model, cal, [peace, grind])
    out = {}
    for k, name in enumerate(["sudden-peace", "long-grind"]):
        tl = sim.timeline(k)
        tl.index = tl.index.astype(str)
        out[name] = {"timeline": {q: {c: float(tl.loc[q, c]) for c in COLUMNS} for q in QUARTERS}}
    out["sudden-peace"]["headlines"] = headlines(sim.timeline(0), sim.timeline(1),
                                                 cal.history_end + 1)
    return out


if __name__ == "__main__":
    FILE.write_text(json.dumps(figures(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {FILE}")
