"""The scoreboard's verdicts under a shipped calibration's parameters moved by a standard
error (peacetrap.analysis.calibration_sensitivity)."""

from dataclasses import replace

import pytest

from peacetrap.analysis.calibration_sensitivity import MEASURED, scoreboard_sensitivity, summary
from peacetrap.analysis.uncertainty import priors
from peacetrap.analysis.validate import validate
from peacetrap.run.setups import load_calibration


@pytest.fixture(scope="module")
def observed(model):
    return load_calibration(model, "observed")


def test_a_move_is_measured_as_the_scoreboard_measures_it(model, observed):
    name = "defence_productivity_ratio"
    table = scoreboard_sensitivity(model, observed, names=[name])
    base = validate(model, observed, groups=list(MEASURED)).table
    assert table.attrs["passed"] == int((base["passed"] == True).sum())  # noqa: E712
    p = priors(model, observed, names=[name], source="estimates").priors[0]
    up = table[table["side"] == "+1 se"]
    assert up["value"].iloc[0] == pytest.approx(min(p.centre + p.scale, p.high))
    values = observed.values.copy()
    values[name] = up["value"].iloc[0]
    moved = validate(model, replace(observed, values=values), groups=list(MEASURED)).table
    before, after = base.set_index("key"), moved.set_index("key")
    turned = sorted(k for k in before.index if before.loc[k, "passed"] != after.loc[k, "passed"])
    assert sorted(k for k in up["key"] if k) == turned
    for r in up[up["key"] != ""].itertuples():
        assert r.after == pytest.approx(after.loc[r.key, "value"], nan_ok=True)
        assert r.passed_after == after.loc[r.key, "passed"]
    # the calibration's own targets file is counted at the moved values
    from peacetrap.calibrate.targets import load_targets

    n = len(load_targets(model, "observed").targets)
    assert 0 <= up["targets_within"].iloc[0] <= up["targets"].iloc[0] == n
    text = summary(table)
    assert text.startswith(f"fitted values: {table.attrs['passed']} rows pass")
    assert f"{name} +1 se" in text and f"{name} -1 se" in text
