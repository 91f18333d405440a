"""The committed model reference page matches the model."""

from conftest import ROOT
from peacetrap.paper.model_page import model_markdown


def test_model_page_is_current(model):
    page = (ROOT / "docs" / "model.md").read_text()
    assert page == model_markdown(model.spec), \
        "docs/model.md is stale: run `python -m peacetrap.paper.model_page`"


def test_model_page_lists_every_quantity(model):
    page = model_markdown(model.spec)
    for name in model.spec.quantities:
        assert f"`{name}`" in page
