"""One schema per file kind: scenario, calibration, targets, experiment, episode, paper.

Each schema says, once, which keys a file may have, of which type and in which
range; keys that are not declared are errors.  The tables keyed by the model's
quantities (``[parameters]``, ``[initial]``, ``[inputs]``, ``[history]``, ...)
are built from the model's definition, with each quantity's declared range
and unit, so a quantity added to the definition is allowed (and bounded) in
every file at once.  The loaders (:mod:`peacetrap.run.setups`,
:mod:`peacetrap.calibrate.targets`, ...) validate a parsed file with
:func:`peacetrap.io.validation.validate` before they use any value; what a
schema cannot see alone (a period inside the history window, a name that must
be a free value) the loader checks next, still before any computation.

Values given from Python (``Scenario.from_dict``, ``Calibration.from_dict``)
go through the same schemas: a number, a list of ``[quarter, value]`` points or
a :class:`pandas.Series` indexed by quarters is accepted wherever a file takes
a path.
"""

from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from typing import Annotated

from pydantic import BeforeValidator, Field, create_model, model_validator

from peacetrap.io.validation import (
    Label,
    Name,
    Number,
    PeriodText,
    Quarter,
    ref,
    Strict,
    Text,
    boolean,
    check_number,
    check_quarter,
    fail,
    items,
    number,
    table,
    whole,
)

if TYPE_CHECKING:  # pragma: no cover
    from peacetrap.core.model import Model

INTERPOLATIONS = ("linear", "step")
STATS = ("mean", "end", "growth_mean", "growth_end")
REQUIRE = ("endogenous", "input", "initial")
#: Largest whole seed accepted anywhere (numpy's SeedSequence takes any; files stay sane).
MAX_SEED = 2**63 - 1
#: Most parameter draws an ensemble takes (the CLI's ``--draws`` limit too, kept in
#: :mod:`peacetrap.cli.ranges` so the command line starts without this module).
MAX_DRAWS = 10_000_000

Positive = number(0.0, None, positive=True)
NonNegative = number(0.0, None)


def _python_path(v: object) -> object:
    """A number, a pandas Series or a points list from Python, as a file writes it."""
    if hasattr(v, "index") and hasattr(v, "to_numpy") and not isinstance(v, dict):
        idx = v.index
        if hasattr(idx, "to_period") and not hasattr(idx, "freqstr"):
            idx = idx.to_period("Q")
        return {"points": [[str(q) if not hasattr(q, "quarter") else f"{q.year}Q{q.quarter}",
                            x] for q, x in zip(idx, v.to_numpy(), strict=True)]}
    if isinstance(v, dict):
        return v
    if not isinstance(v, bool) and (isinstance(v, (int, float)) or (
            hasattr(v, "dtype") and getattr(v, "shape", None) == ())):
        return {"value": v}
    raise fail("expected a number (held from the start) or a table "
               "{ points = [[\"YYYYQn\", value], ...], interpolation = \"linear\" }")


class TimePathSpec(Strict):
    """A time path: ``points = [["2026Q1", v], ...]`` (and ``interpolation``) or a number.

    A bare number holds that value from the start (of the history, or of the
    scenario).  The points' values are checked against the input's range.
    """

    points: Any = None
    interpolation: Literal["linear", "step"] = "linear"
    value: Any = None
    bare_value: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _from_python(cls, v: object) -> object:
        return _python_path(v)

    @model_validator(mode="after")
    def _one_form(self) -> "TimePathSpec":
        if (self.points is None) == (self.value is None):
            raise fail("give either points = [[\"YYYYQn\", value], ...] or a single number")
        if self.points is not None:
            prev = None
            for j, (q, _) in enumerate(self.points):
                if prev is not None and q <= prev:
                    raise fail(f"points[{j}]: quarter {q} is not after the previous point "
                               f"{prev}; points must be in increasing order")
                prev = q
        return self


def _point(lo: float | None, hi: float | None, unit: str) -> Any:
    def check(v: object) -> tuple[str, float]:
        if isinstance(v, tuple):
            v = list(v)
        if not (isinstance(v, list) and len(v) == 2):
            raise fail("expected a point [\"YYYYQn\", value]")
        try:
            q = check_quarter(v[0])
        except Exception as exc:  # noqa: BLE001 - re-worded below
            raise fail(f"quarter: {exc}") from None
        try:
            x = check_number(v[1], lo, hi, unit)
        except Exception as exc:  # noqa: BLE001
            raise fail(f"value: {exc}") from None
        return (q, x)
    return Annotated[tuple[str, float], BeforeValidator(check)]


@lru_cache(maxsize=256)
def path_spec(lo: float | None, hi: float | None, unit: str) -> type[TimePathSpec]:
    """The time-path schema of a quantity with range ``[lo, hi]`` in ``unit``."""
    return create_model(
        "TimePath", __base__=TimePathSpec,
        points=(items(_point(lo, hi, unit), 1) | None, None),
        value=(number(lo, hi, unit) | None, None))


class _Values(Strict):
    hint: ClassVar[str] = "see 'peacetrap variables' for the model's names"


def _quantity_table(model: "Model", names: list[str], what: str, paths: bool) -> type[Strict]:
    fields = {}
    for n in names:
        q = model.quantities[n]
        lo, hi = q.bounds
        kind = path_spec(lo, hi, q.shown_unit) if paths else number(lo, hi, q.shown_unit)
        fields[n] = (kind | None, None)
    base = type(f"{what.title()}Table", (_Values,), {"what": what, "__module__": __name__})
    return create_model(f"{what.title()}Table", __base__=base, **fields)  # type: ignore


# ----------------------------------------------------------------- scenario
ScenarioRef = ref("scenario")
CalibrationRef = ref("calibration")
TargetsRef = ref("targets file")


class ScenarioHead(Strict):
    name: Name | None = None
    description: Text = ""
    baseline: ScenarioRef | None = None  # type: ignore[valid-type]


@lru_cache(maxsize=8)
def scenario_schema(model: "Model") -> type[Any]:
    """``[scenario]`` (name, description, baseline) and ``[inputs.<input>]`` paths."""
    inputs = _quantity_table(model, model.layout.inputs, "input", paths=True)
    return create_model("ScenarioFile", __base__=Strict,
                        scenario=(ScenarioHead, ScenarioHead()), inputs=(inputs, inputs()))


# ----------------------------------------------------------------- calibration
class CalibrationHead(Strict):
    name: Name | None = None
    description: Text = ""
    history_start: Quarter = "2021Q1"
    history_end: Quarter = "2025Q4"
    source: Text = ""
    method: Text = ""


class Estimate(Strict):
    """``[estimates.<free value>]``, written by ``peacetrap calibrate``."""

    value: Number
    low: Number | None = None
    high: Number | None = None
    kind: Literal["parameter", "initial", "input_scale"] = "parameter"
    start_quarter: Quarter | None = Field(None, alias="from")
    standard_error: NonNegative | None = None  # type: ignore[valid-type]


class FitReport(Strict):
    """``[report]``, written by ``peacetrap calibrate`` (informative only)."""

    objective: NonNegative | None = None  # type: ignore[valid-type]
    converged: boolean() | None = None  # type: ignore[valid-type]
    starts: whole(1, 1000) | None = None  # type: ignore[valid-type]
    starts_agree: boolean() | None = None  # type: ignore[valid-type]
    max_abs_rel_error: NonNegative | None = None  # type: ignore[valid-type]
    targets_outside_tolerance: items(Text) = []  # type: ignore[valid-type]
    not_identified: items(Text) = []  # type: ignore[valid-type]
    balanced_growth_point: boolean() | None = None  # type: ignore[valid-type]
    spending_propensity_at_point: NonNegative | None = None  # type: ignore[valid-type]
    balanced_growth_message: Text | None = None


def _value_tables(model: "Model") -> tuple[type[Strict], type[Strict], type[Strict]]:
    """Tables of parameters, initial stocks and input histories (paths), as the
    calibration and targets files share them."""
    lay = model.layout
    return (_quantity_table(model, lay.parameters, "parameter", paths=False),
            _quantity_table(model, lay.stocks, "stock", paths=False),
            _quantity_table(model, lay.inputs, "input", paths=True))


@lru_cache(maxsize=8)
def calibration_schema(model: "Model") -> type[Any]:
    """A calibration file: head, ``[parameters]``, ``[initial]``, ``[history]`` and the fit's record."""
    params, initial, history = _value_tables(model)
    return create_model(
        "CalibrationFile", __base__=Strict,
        calibration=(CalibrationHead, CalibrationHead()), parameters=(params, params()),
        initial=(initial, initial()), history=(history, history()),
        estimates=(table(Estimate), {}), report=(FitReport | None, None))


# ----------------------------------------------------------------- targets
class TargetsSetup(Strict):
    name: Name | None = None
    description: Text = ""
    base: CalibrationRef = "default"  # type: ignore[valid-type]
    history_start: Quarter | None = None
    history_end: Quarter | None = None


class FreeSpec(Strict):
    """``[free.<name>]``: the search range (checked against the quantity's range by the loader)."""

    low: Number
    high: Number
    start: Number | None = None
    start_quarter: Quarter | None = Field(None, alias="from")


class TargetSpec(Strict):
    variable: Label
    period: PeriodText
    stat: Literal["mean", "end", "growth_mean", "growth_end"] | None = None
    value: Number
    tolerance: Positive | None = None  # type: ignore[valid-type]
    rel_tolerance: Positive | None = None  # type: ignore[valid-type]
    weight: Positive | None = None  # type: ignore[valid-type]
    source: Label
    require: Literal["endogenous", "input", "initial"] | None = None
    side: Literal["both", "at_most", "at_least"] = "both"
    fit: boolean() = True  # type: ignore[valid-type]
    note: Text = ""

    @model_validator(mode="after")
    def _one_scale(self) -> "TargetSpec":
        given = [k for k in ("tolerance", "rel_tolerance", "weight") if getattr(self, k) is not None]
        if len(given) > 1:
            raise fail(f"give one of tolerance, rel_tolerance, weight (got {', '.join(given)})")
        return self


class PenaltySpec(Strict):
    parameter: Label
    value: Number
    sd: Positive  # type: ignore[valid-type]
    source: Text = ""


class FitOptions(Strict):
    starts: whole(1, 50) = 4  # type: ignore[valid-type]
    seed: whole(0, 2**32 - 1) = 0  # type: ignore[valid-type]
    max_evaluations: whole(5, 100_000) = 200  # type: ignore[valid-type]


@lru_cache(maxsize=8)
def targets_schema(model: "Model") -> type[Any]:
    """A targets file (see :mod:`peacetrap.calibrate.targets`)."""
    fixed, initial, history = _value_tables(model)
    return create_model(
        "TargetsFile", __base__=Strict,
        setup=(TargetsSetup, TargetsSetup()), fixed=(fixed, fixed()),
        initial=(initial, initial()), history=(history, history()),
        free=(table(FreeSpec), {}), targets=(items(TargetSpec, 1), ...),
        penalties=(items(PenaltySpec), []), options=(FitOptions, FitOptions()))


# ----------------------------------------------------------------- experiment
class ExperimentHead(Strict):
    name: Name | None = None
    description: Text = ""
    scenarios: items(ScenarioRef, 1, 100) = ["sudden-peace"]  # type: ignore[valid-type]
    #: as ``--quarters`` of ``peacetrap run``: the headline numbers need at least 8
    quarters: whole(8, 400) = 40  # type: ignore[valid-type]


@lru_cache(maxsize=8)
def experiment_schema(model: "Model") -> type[Any]:
    """A calibration experiment (see :mod:`peacetrap.calibrate.experiment`)."""
    lay = model.layout
    fixed_t = _quantity_table(model, lay.parameters, "parameter", paths=False)
    initial_t = _quantity_table(model, lay.stocks, "stock", paths=False)

    class Entry(Strict):
        name: Name
        targets: TargetsRef | None = None  # type: ignore[valid-type]
        calibration: CalibrationRef | None = None  # type: ignore[valid-type]
        drop: items(Label) = []  # type: ignore[valid-type]
        add: items(TargetSpec) = []  # type: ignore[valid-type]
        fixed: fixed_t | None = None  # type: ignore[valid-type]
        free: table(FreeSpec) = {}  # type: ignore[valid-type]
        initial: initial_t | None = None  # type: ignore[valid-type]
        options: FitOptions | None = None

        @model_validator(mode="after")
        def _one_source(self) -> "Entry":
            if (self.targets is None) == (self.calibration is None):
                raise fail("give exactly one of 'targets' (fit) or 'calibration' (as is)")
            if self.calibration is not None and self.model_fields_set & {
                    "drop", "add", "fixed", "free", "initial", "options"}:
                raise fail("drop/add/fixed/free/initial/options modify a targets file; they "
                           "do not apply to 'calibration'")
            return self

    return create_model("ExperimentFile", __base__=Strict,
                        experiment=(ExperimentHead, ...),
                        calibrations=(items(Entry, 1, 100), ...))


# ----------------------------------------------------------------- episode
class EpisodeHead(Strict):
    name: Name
    description: Text = ""
    country: Text = ""
    currency: Text = ""
    money_unit: Text = ""
    last_war_year: whole(1000, 3000)  # type: ignore[valid-type]
    history_start: Quarter
    history_end: Quarter
    peace_quarters: whole(1, 200) = 16  # type: ignore[valid-type]
    template: CalibrationRef = "default"  # type: ignore[valid-type]


class ActualSpec(Strict):
    variable: Label
    period: PeriodText
    stat: Literal["mean", "end", "growth_mean", "growth_end"] | None = None
    value: Number
    source: Label
    note: Text = ""


@lru_cache(maxsize=8)
def episode_schema(model: "Model", facts: tuple[tuple[str, str, bool, bool], ...]) -> type[Any]:
    """An episode file; ``facts`` are ``(name, unit, required, signed)`` of its ``[facts]``."""
    lay = model.layout
    fact_fields = {}
    for name, unit, required, signed in facts:
        value = number(None if signed else 0.0, None, unit)
        spec = create_model(f"Fact_{name}", __base__=Strict,
                            value=(value, ...), source=(Label, ...), note=(Text, ""))
        fact_fields[name] = (spec, ...) if required else (spec | None, None)
    facts_t = create_model("Facts", __base__=Strict, **fact_fields)  # type: ignore
    params = _quantity_table(model, lay.parameters, "parameter", paths=False)
    war = _quantity_table(model, lay.inputs, "input", paths=True)
    return create_model(
        "EpisodeFile", __base__=Strict,
        episode=(EpisodeHead, ...), facts=(facts_t, ...), parameters=(params, params()),
        war=(war, war()), peace=(war, war()), free=(table(FreeSpec), {}),
        targets=(items(TargetSpec), []), penalties=(items(PenaltySpec), []),
        options=(FitOptions, FitOptions()), actual=(items(ActualSpec), []))


# ----------------------------------------------------------------- paper
def _samples(v: object) -> object:
    if isinstance(v, int) and not isinstance(v, bool) and v > 0 and v & (v - 1):
        raise fail(f"{v} must be a power of two (Sobol' sequences are balanced only then), "
                   "e.g. 256 or 1024")
    return v


class PaperHead(Strict):
    title: Label | None = None
    author: Label | None = None
    calibration: CalibrationRef | None = None  # type: ignore[valid-type]
    targets: TargetsRef | None = None  # type: ignore[valid-type]
    scenario: ScenarioRef | None = None  # type: ignore[valid-type]
    baseline: ScenarioRef | None = None  # type: ignore[valid-type]
    scenarios: items(ScenarioRef, 1, 100) | None = None  # type: ignore[valid-type]
    quarters: whole(8, 400) | None = None  # type: ignore[valid-type]
    experiment: ref("experiment") | None = None  # type: ignore[valid-type]


class PaperEnsemble(Strict):
    draws: whole(20, 1_000_000) | None = None  # type: ignore[valid-type]
    seed: whole(0, MAX_SEED) | None = None  # type: ignore[valid-type]


class PaperSensitivity(Strict):
    method: Literal["sobol"] = "sobol"
    samples: Annotated[whole(8, 65536), BeforeValidator(_samples)] | None = None  # type: ignore
    seed: whole(0, 2**32 - 1) | None = None  # type: ignore[valid-type]
    top: whole(1, 100) | None = None  # type: ignore[valid-type]
    outputs: items(Label, 1, 50) | None = None  # type: ignore[valid-type]


class PaperValidation(Strict):
    """``[validation]``: the validation groups the paper reports (checked by the loader)."""

    groups: items(Label, 1, 20) | None = None  # type: ignore[valid-type]


class PaperFile(Strict):
    """A paper file (see :mod:`peacetrap.paper.settings`)."""

    paper: PaperHead = PaperHead()
    ensemble: PaperEnsemble = PaperEnsemble()
    sensitivity: PaperSensitivity = PaperSensitivity()
    validation: PaperValidation = PaperValidation()


__all__ = ["scenario_schema", "calibration_schema", "targets_schema", "experiment_schema",
           "episode_schema", "PaperFile", "path_spec", "TimePathSpec", "FreeSpec", "TargetSpec",
           "INTERPOLATIONS", "STATS", "REQUIRE"]
