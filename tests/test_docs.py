"""The committed model reference page matches the model; references between the docs resolve."""

import re

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


def _markdown_files():
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _headings(path):
    return [re.sub(r"^#+\s+", "", line).strip()
            for line in path.read_text().splitlines() if re.match(r"#{1,6}\s", line)]


def _anchor(heading):
    """GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _squash(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def test_markdown_links_resolve():
    """Every relative link in README.md and docs/*.md names a file that exists, and its
    ``#anchor`` (if any) a heading of that file (GitHub's anchors, repeats numbered)."""
    bad = []
    for md in _markdown_files():
        for target in re.findall(r"\]\(([^)\s]+)\)", md.read_text()):
            if re.match(r"[a-z]+:", target):
                continue
            name, _, anchor = target.partition("#")
            path = (md.parent / name) if name else md
            if not path.is_file():
                bad.append(f"{md.name}: {target} (no such file)")
                continue
            if anchor:
                seen: dict[str, int] = {}
                anchors = set()
                for h in _headings(path):
                    a = _anchor(h)
                    anchors.add(a if a not in seen else f"{a}-{seen[a]}")
                    seen[a] = seen.get(a, 0) + 1
                if anchor not in anchors:
                    bad.append(f"{md.name}: {target} (no such heading)")
    assert not bad, "broken links: " + "; ".join(bad)


def test_section_references_name_a_heading_of_their_file():
    """A reference written `docs/NAME.md, "Section"` (or `docs/NAME.md: "Section"`) in the
    docs, the README or the package's sources names the start of a heading of that file, so
    a section moved between files (calibration.md, measured.md) is not cited in the old one."""
    sources = _markdown_files() + sorted((ROOT / "econ").rglob("*.py"))
    bad, found = [], 0
    for src in sources:
        text = src.read_text()
        if src.suffix == ".py":  # a reference may run on over comment lines
            text = re.sub(r"\n\s*#\s?", "\n", text)
        for name, quoted in re.findall(r"docs/(\w+\.md)[,:]\s+\"([^\"]+)\"", text):
            found += 1
            target = ROOT / "docs" / name
            if not target.is_file() or not any(
                    _squash(h).startswith(_squash(quoted)) for h in _headings(target)):
                bad.append(f"{src.relative_to(ROOT)}: docs/{name}, \"{_squash(quoted)}\"")
    assert found, "no section references found: the pattern is out of date"
    assert not bad, "references to no heading of the file named: " + "; ".join(bad)


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
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "validation.toml", tmp_path / "data")
    monkeypatch.setattr(backtest_page, "folder", lambda package: tmp_path / package)
    before = backtest_page.inputs_key()
    ep = sorted((cal / "episodes").glob("*.toml"))[0]
    ep.write_text(ep.read_text() + "\n# an edit\n")
    assert backtest_page.inputs_key() != before
