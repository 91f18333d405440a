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


def test_backtests_page_is_current():
    from peacetrap.paper.backtest_page import PAGE, inputs_key

    page = (ROOT / PAGE).read_text()
    assert f"Inputs key: `{inputs_key()}`" in page, \
        "docs/backtests.md is stale: run `python -m peacetrap.paper.backtest_page`"


def test_backtests_key_follows_the_episode_files(tmp_path, monkeypatch):
    import shutil

    from peacetrap.paper import backtest_page

    cal = tmp_path / "calibration"
    shutil.copytree(ROOT / "calibration", cal)
    monkeypatch.setattr(backtest_page, "folder", lambda package: tmp_path / package)
    before = backtest_page.inputs_key()
    ep = sorted((cal / "episodes").glob("*.toml"))[0]
    ep.write_text(ep.read_text() + "\n# an edit\n")
    assert backtest_page.inputs_key() != before
