"""Files shipped with the package: calibrations, scenarios, data.

The repository's top-level ``calibration/``, ``experiments/`` and ``data/``
folders are installed as the subpackages ``peacetrap.calibration``,
``peacetrap.experiments`` and ``peacetrap.data``; this module finds files in
them by name, whether the package is installed or used from a checkout.
"""

from __future__ import annotations

from pathlib import Path

from peacetrap.errors import InputError, suggest


def folder(package: str) -> Path:
    """Filesystem folder of shipped files (``calibration``, ``experiments``, ``data``).

    An installed package holds them inside its own folder (``peacetrap/<package>``); a
    checkout (editable install) keeps them at the repository's top level, beside ``econ/``.
    """
    here = Path(__file__).resolve().parents[1]
    for base in (here / package, here.parent / package):
        if base.is_dir():
            return base
    raise InputError(f"shipped folder '{package}' not found beside {here}: reinstall peacetrap")


def shipped(package: str, subdir: str = "") -> dict[str, Path]:
    """Map of shipped TOML files' names (stem) to paths in one folder."""
    base = folder(package) / subdir if subdir else folder(package)
    if not base.is_dir():
        return {}
    return {p.stem: p for p in sorted(base.glob("*.toml"))}


def resolve(name_or_path: str, package: str, what: str, subdir: str = "") -> Path:
    """Resolve a shipped name or a path to a TOML file.

    Raises
    ------
    InputError
        Listing the shipped names when ``name_or_path`` is neither.
    """
    known = shipped(package, subdir)
    if name_or_path in known:
        return known[name_or_path]
    p = Path(name_or_path)
    if p.suffix == ".toml" or p.exists() or "/" in name_or_path:
        if not p.is_file():
            raise InputError(f"{what} file {name_or_path}: file not found")
        return p
    raise InputError(f"unknown {what} '{name_or_path}'{suggest(name_or_path, known)}; "
                     f"known: {', '.join(known) or 'none'} (or give a path to a .toml file)")
