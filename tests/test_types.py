"""mypy passes on the package, with the settings of ``[tool.mypy]`` in pyproject.toml.

The folder ``econ/`` is installed as the package ``peacetrap``; mypy finds it under that
name through a link in its cache folder (``.mypy_cache/src/peacetrap``), so imports such
as ``from peacetrap.core.model import Model`` resolve.  The cache makes a repeated run fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.heavy
def test_mypy_passes_on_the_package():
    cache = ROOT / ".mypy_cache"
    src = cache / "src"
    src.mkdir(parents=True, exist_ok=True)
    link = src / "peacetrap"
    if not link.is_symlink() or link.resolve() != (ROOT / "econ").resolve():
        if link.is_symlink():
            link.unlink()
        link.symlink_to(ROOT / "econ", target_is_directory=True)
    env = dict(os.environ, MYPYPATH=str(src))
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "-p", "peacetrap", "--config-file",
         str(ROOT / "pyproject.toml"), "--cache-dir", str(cache)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert res.returncode == 0, "mypy found errors:\n" + res.stdout[-6000:] + res.stderr[-2000:]
