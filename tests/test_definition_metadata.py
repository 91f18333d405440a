"""What the model knows is declared once, in the definition: the tables derived from it."""

from __future__ import annotations

import pytest
import sympy as sp

import peacetrap as pt
from peacetrap.core import units as un
from peacetrap.core.symbolic import Registry, Report
from peacetrap.run.timeline import GAPS, HEADLINE_TABLE, NUMERIC_CONTRACT

ONE = un.Unit(un.ONE, "1")


@pytest.fixture(scope="module")
def spec():
    return pt.load_model().spec


def test_every_contract_column_is_declared_on_a_quantity(spec):
    reports = spec.reports
    assert set(NUMERIC_CONTRACT) == set(reports)
    for r in reports.values():
        assert r.quantity in spec.quantities and r.label and r.decimals >= 0
        assert r.transform in ("level", "yoy", "index")
        assert r.deflator is None or r.deflator in spec.quantities
    assert reports["real_wage_growth_yoy_pct"].deflator == "cpi"
    assert reports["gdp_real_index"].transform == "index"
    for h in HEADLINE_TABLE:
        assert h.column in reports
    for g in GAPS.values():
        assert g.column in reports


def test_every_input_has_a_declared_channel(spec):
    assert list(spec.channels) == ["demand", "supply", "inflation", "external"]
    mapped = [n for names in spec.channels.values() for n in names]
    assert sorted(mapped) == sorted(q.name for q in spec.inputs)
    assert "defence_procurement" in spec.channels["demand"]
    assert "war_risk" in spec.channels["inflation"]


def test_references_growth_scale_and_uncertain_parameters_come_from_the_definition(spec):
    assert set(spec.references) == {"exchange_rate", "foreign_prices", "domestic_prices",
                                    "defence_experience",
                                    "productivity", "sanctions", "nominal_wage"}
    used = {s.name[:-2] for q in spec.quantities.values() if q.expr is not None
            for s in q.expr.free_symbols if s.name.endswith("_0")}
    assert used <= set(spec.references)
    assert spec.growth_parameters == {"productivity": "productivity_growth",
                                      "foreign": "foreign_inflation"}
    assert spec.scale_parameters == ["base_gdp", "nonoil_exports"]
    uncertain = set(spec.uncertain_parameters)
    assert not uncertain & set(spec.scale_parameters)
    assert not uncertain & {"oil_price_ref", "oil_base_price", "windfall_saving"}
    held = {q.name for q in spec.parameters
            if q.source.strip().lower() in ("normalisation", "numerical")}
    assert not uncertain & held


def _registry() -> Registry:
    r = Registry()
    r.begin("test")
    return r


def test_the_registry_rejects_an_undeclared_channel_and_a_column_declared_twice():
    r = _registry()
    r.input("a", "a", ONE, "an input", default=0.0, bounds=(0.0, 1.0), source="test",
            channel="nowhere")
    with pytest.raises(ValueError, match="undeclared channels"):
        r.build([], {}, {}, sp.Integer(0), {}, channels=["demand"])
    r = _registry()
    x = r.stock("x", "x", ONE, "a stock", initial=1.0, source="test", rate=sp.Integer(0),
                report=Report("x_level", "X", "1", 2))
    r.aux("y", "y", ONE, "an aux", 2 * x, report=Report("x_level", "X again", "1", 2))
    with pytest.raises(ValueError, match="declared twice"):
        r.build([], {}, {}, sp.Integer(0), {})


def test_the_cached_description_carries_the_declarations(spec):
    """A warm process reads the declarations from model.info (JSON), not from sympy."""
    from peacetrap.core.codegen import describe
    from peacetrap.core.info import ModelInfo

    info = ModelInfo.from_dict(describe(spec, "k").to_dict())
    assert info.reports == spec.reports
    assert info.channels == spec.channels
    assert info.references == spec.references
    assert info.growth_parameters == spec.growth_parameters
    assert info.scale_parameters == spec.scale_parameters
    assert info.uncertain_parameters == spec.uncertain_parameters
