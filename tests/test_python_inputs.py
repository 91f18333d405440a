"""Values set from Python get exactly the checks and messages values from files get."""

from __future__ import annotations

import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.errors import InputError


def _message(exc: pytest.ExceptionInfo) -> str:
    """The message without the leading 'where' (a file path or the Python call)."""
    return str(exc.value).split(": ", 1)[1]


def test_a_misspelt_input_names_it_with_a_suggestion(model):
    with pytest.raises(InputError, match="unknown input 'defence_procurment'.*did you mean "
                                         "'defence_procurement'"):
        pt.Scenario.from_dict({"name": "x", "inputs": {"defence_procurment": 3.0}}, model)


@pytest.mark.parametrize("inputs", [
    {"defence_procurment": {"points": [["2026Q1", 3.0]]}},
    {"defence_procurement": {"points": [["2026Q1", 93.0]]}},
    {"defence_procurement": {"points": [["2026Q5", 3.0]]}},
    {"defence_procurement": {"points": [["2026Q1", float("nan")]]}},
    {"defence_procurement": {"points": [["2026Q1", 10**400]]}},
    {"defence_procurement": {"points": [["2026Q1", 3.0]], "interpolation": "cubic"}},
    {"defence_procurement": "abc"},
])
def test_same_message_from_python_as_from_a_file(model, tmp_path, inputs):
    import tomli_w

    doc = {"scenario": {"name": "x"}, "inputs": inputs}
    with pytest.raises(InputError) as from_python:
        pt.Scenario.from_dict(doc, model)
    f = tmp_path / "x.toml"
    try:
        f.write_text(tomli_w.dumps(doc))
    except (ValueError, TypeError):   # nan/huge numbers: written by hand
        pytest.skip("not expressible through tomli_w")
    with pytest.raises(InputError) as from_file:
        pt.load_scenario(model, f)
    assert _message(from_python) == _message(from_file)
    assert str(from_file.value).startswith(str(f))


def test_a_number_holds_from_the_scenario_start(model, default_cal):
    const = pt.Scenario.from_dict({"name": "c", "inputs": {"defence_procurement": 3.0}}, model)
    start = str(default_cal.history_end + 1)
    step = pt.Scenario.from_dict({"name": "s", "inputs": {"defence_procurement": {
        "points": [[start, 3.0]], "interpolation": "step"}}}, model)
    a = pt.simulate(model, default_cal, [const], quarters=8).timeline(0)
    b = pt.simulate(model, default_cal, [step], quarters=8).timeline(0)
    pd.testing.assert_frame_equal(a.drop(columns="scenario"), b.drop(columns="scenario"))


def test_a_series_is_a_path_and_its_values_are_range_checked(model):
    idx = pd.period_range("2026Q1", periods=3, freq="Q")
    sc = pt.Scenario.from_series("s", {"oil_price": pd.Series([60.0, 55.0, 50.0], index=idx)},
                                 model)
    assert [str(q) for q, _ in sc.inputs["oil_price"].points] == ["2026Q1", "2026Q2", "2026Q3"]
    with pytest.raises(InputError, match=r"inputs\.oil_price\.points\[1\].*allowed 5.0 to 250.0"):
        pt.Scenario.from_series("s", pd.DataFrame({"oil_price": [60.0, 900.0, 50.0]},
                                                  index=idx), model)


def test_calibrations_from_python(model):
    with pytest.raises(InputError, match="unknown parameter 'wage_philips'.*'wage_phillips'"):
        pt.Calibration.from_dict({"name": "c", "parameters": {"wage_philips": 0.1}}, model)
    with pytest.raises(InputError, match=r"parameters\.wage_phillips = 9.0.*allowed 0.01 to 0.3"):
        pt.Calibration.from_series(pd.Series({"wage_phillips": 9.0}), model=model)
    base = pt.load_calibration(model, "default")
    cal = pt.Calibration.from_series(pd.Series({"wage_phillips": 0.1}), model=model, base=base)
    assert cal.values["wage_phillips"] == 0.1 and set(cal.history) == set(base.history)


def test_a_scenario_built_by_hand_with_a_misspelt_input_does_not_simulate(model, default_cal):
    sc = pt.Scenario("x", inputs={"defence_procurment": pt.Scenario.from_dict(
        {"name": "y", "inputs": {"defence_procurement": 3.0}}, model).inputs[
            "defence_procurement"]})
    with pytest.raises(InputError, match="did you mean 'defence_procurement'"):
        pt.simulate(model, default_cal, [sc], quarters=8)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\ufeff\n"])
def test_an_empty_scenario_or_calibration_file_is_refused(model, tmp_path, text):
    f = tmp_path / "blank.toml"
    f.write_text(text)
    with pytest.raises(InputError, match="blank.toml: the file is empty .* a scenario file"):
        pt.load_scenario(model, f)
    with pytest.raises(InputError, match="blank.toml: the file is empty .* a calibration file"):
        pt.load_calibration(model, f)


@pytest.mark.parametrize("values, message", [
    ({"wage_phillips": 0.1}, "expected a pandas Series .* got dict"),
    ([0.1], "expected a pandas Series .* got list"),
    (pd.Series({"wage_phillips": "0.1"}), "wage_phillips = '0.1': not a number"),
    (pd.Series({"wage_phillips": True}), "wage_phillips = True: a boolean"),
    (pd.DataFrame({"wage_phillips": [True, False]}), "wage_phillips = True: a boolean"),
    (pd.DataFrame({"wage_phillips": ["a", "b"]}), "wage_phillips = 'a': not a number"),
    (pd.Series([0.1, 0.2], index=["wage_phillips"] * 2), "'wage_phillips' is given twice"),
    (pd.DataFrame([[0.1, 0.2]], columns=["wage_phillips"] * 2), "given twice"),
    (pd.Series([0.1], index=[0]), "label 0 is not a name"),
])
def test_values_from_python_are_checked_before_they_are_used(model, default_cal, values,
                                                              message):
    peace = pt.load_scenario(model, "sudden-peace")
    with pytest.raises(InputError, match=message):
        pt.simulate(model, default_cal, [peace], values, quarters=8)


@pytest.mark.parametrize("scenarios, quarters, message", [
    ("sudden-peace", 8, "expected a list of Scenario objects, got str"),
    (["sudden-peace"], 8, "scenarios\\[0\\]: 'sudden-peace' is not a Scenario"),
    (None, 8.5, "quarters = 8.5: not a whole number"),
    (None, True, "quarters = True: not a whole number"),
    (None, 10**9, "out of range; allowed 0 to 10000"),
    (None, -1, "out of range"),
])
def test_scenarios_and_quarters_from_python_are_checked(model, default_cal, scenarios,
                                                        quarters, message):
    with pytest.raises(InputError, match=message):
        pt.simulate(model, default_cal, scenarios if scenarios is not None else [None],
                    quarters=quarters)


def test_model_calibration_and_a_scenarios_inputs_from_python_are_checked(model, default_cal):
    # a name where an object belongs was an AttributeError from deep inside the run
    peace = pt.load_scenario(model, "sudden-peace")
    with pytest.raises(InputError, match="calibration: 'appendix' is not a Calibration; load"):
        pt.simulate(model, "appendix", [peace], quarters=8)
    with pytest.raises(InputError, match="model: 'm' is not a Model"):
        pt.simulate("m", default_cal, [peace], quarters=8)
    with pytest.raises(InputError, match="scenario 'x': inputs must map input names to time "
                                         "paths, got str"):
        pt.simulate(model, default_cal, [pt.Scenario("x", inputs="abc")], quarters=8)


@pytest.mark.parametrize("call", [
    lambda m, c: pt.compare(m, "appendix", ["sudden-peace"]),
    lambda m, c: pt.decompose(m, "appendix", "sudden-peace"),
    lambda m, c: pt.ensemble(m, "appendix", "sudden-peace", draws=4),
    lambda m, c: pt.sensitivity(m, "appendix", "sudden-peace", method="morris", samples=2),
])
def test_the_api_functions_check_their_calibration(model, default_cal, call):
    with pytest.raises(InputError, match="calibration: 'appendix' is not a Calibration"):
        call(model, default_cal)


@pytest.mark.parametrize("call", [
    lambda c: pt.load_scenario("m", "sudden-peace"),
    lambda c: pt.load_calibration("m"),
    lambda c: pt.calibrate("m", "appendix"),
    lambda c: pt.compare("m", c, ["sudden-peace"]),
])
def test_the_api_functions_check_their_model(default_cal, call):
    with pytest.raises(InputError, match="model: 'm' is not a Model; load it with"):
        call(default_cal)
