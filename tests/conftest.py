"""Shared fixtures: the model is compiled once per test process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import peacetrap as pt

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model() -> pt.Model:
    return pt.load_model()


@pytest.fixture(scope="session")
def default_cal(model: pt.Model) -> pt.Calibration:
    return pt.load_calibration(model, "default")


@pytest.fixture(scope="session")
def peace(model: pt.Model) -> pt.Scenario:
    return pt.load_scenario(model, "sudden-peace")


@pytest.fixture(scope="session")
def grind(model: pt.Model) -> pt.Scenario:
    return pt.load_scenario(model, "long-grind")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``peacetrap`` in a subprocess and capture its output."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-m", "peacetrap.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=600)
