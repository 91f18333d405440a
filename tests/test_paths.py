"""Time paths: parsing, validation and interpolation."""

import numpy as np
import pandas as pd
import pytest

from peacetrap.errors import InputError
from peacetrap.io.paths import parse_path, parse_quarter

EPOCH = pd.Period("2020Q1", "Q")


def test_linear_interpolation_and_hold():
    p = parse_path({"points": [["2021Q1", 1.0], ["2022Q1", 3.0]]}, "x", (0, 10), "")
    t = np.array([0.0, 1.0, 1.5, 2.0, 5.0])
    assert p.evaluate(t, EPOCH) == pytest.approx([1.0, 1.0, 2.0, 3.0, 3.0])


def test_step_interpolation():
    p = parse_path({"points": [["2021Q1", 1.0], ["2022Q1", 3.0]], "interpolation": "step"},
                   "x", (0, 10), "")
    assert p.evaluate(np.array([1.5, 1.999, 2.0]), EPOCH) == pytest.approx([1.0, 1.0, 3.0])


@pytest.mark.parametrize("raw, message", [
    ({"points": [["2021Q5", 1.0]]}, "not a quarter"),
    ({"points": [["2021Q1", 11.0]]}, "out of range; allowed 0 to 10"),
    ({"points": [["2022Q1", 1.0], ["2021Q1", 2.0]]}, "increasing order"),
    ({"points": []}, "non-empty list"),
    ({"points": [["2021Q1", "a"]]}, "not a finite number"),
    ({"points": [["2021Q1", 1.0]], "interpolation": "cubic"}, "use one of linear, step"),
    ({"pionts": [["2021Q1", 1.0]]}, "did you mean 'points'"),
])
def test_bad_paths_are_input_errors(raw, message):
    with pytest.raises(InputError, match=message):
        parse_path(raw, "file.toml [inputs.x]", (0, 10), "%")


def test_parse_quarter_rejects_months():
    with pytest.raises(InputError):
        parse_quarter("2021-03", "x")
    assert parse_quarter("2021q2", "x") == pd.Period("2021Q2", "Q")


@pytest.mark.parametrize("text", ["\uff12\uff10\uff12\uff11Q1", "\u0662\u0660\u0662\u0661Q1"])
def test_parse_quarter_takes_ascii_digits_only(text):
    with pytest.raises(InputError, match="not a quarter"):
        parse_quarter(text, "x")


@pytest.mark.parametrize("text", ["\uff12\uff10\uff12\uff15", "2025\u00b2"])
def test_a_period_of_other_unicode_digits_is_refused(text):
    from pydantic_core import PydanticCustomError

    from peacetrap.io.validation import check_period

    with pytest.raises(PydanticCustomError, match="not a quarter or a year"):
        check_period(text)
