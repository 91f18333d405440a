"""Every stochastic command gives byte-identical outputs at its default seed."""

from __future__ import annotations

import contextlib
import io

from peacetrap.cli import main

PARAMS = ["wage_phillips", "price_utilisation", "rule_inflation"]


def _run(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 0


def test_sensitivity_twice_at_the_default_seed_gives_identical_files(tmp_path):
    # seed 0 (the default) once meant "no seed" for the bootstrap: intervals changed each run
    outs = []
    for k in range(2):
        out = tmp_path / f"s{k}"
        _run(["sensitivity", "sudden-peace", "--samples", "16", "--parameters", *PARAMS,
              "--quarters", "12", "--out", str(out), "--quiet"])
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert "sensitivity.csv" in names and "sensitivity.png" in names
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
