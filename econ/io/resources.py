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


def shipped_with(package: str, key: str, subdir: str = "") -> dict[str, Path]:
    """Shipped TOML files of one folder whose top level has the table ``key``.

    ``experiments/`` holds scenarios (``[scenario]``), calibration experiments
    (``[experiment]``) and paper files (``[paper]``); each is offered only where
    it fits.
    """
    from peacetrap.io.tomlfiles import read_toml

    return {n: p for n, p in shipped(package, subdir).items() if key in read_toml(p)}


def resolve(name_or_path: str | Path, package: str, what: str, subdir: str = "",
            base: Path | None = None, known: dict[str, Path] | None = None,
            where: str = "") -> Path:
    """Resolve a shipped name or a path to a TOML file.

    Parameters
    ----------
    base : pathlib.Path, optional
        Folder a relative path is taken from: the folder of the file that names
        it (a path in a file is relative to that file); default the working folder.
    known : dict, optional
        The shipped names offered (default: every TOML file of the folder).
    where : str, optional
        The file and key that name it (put in front of the message).

    Raises
    ------
    InputError
        An empty name, a folder, a missing file or an unknown name (listing
        the shipped names).
    """
    try:
        return _resolve(str(name_or_path), package, what, subdir, base,
                        shipped(package, subdir) if known is None else known)
    except InputError as exc:
        raise InputError(f"{where}: {exc}" if where else str(exc)) from None


def _resolve(text: str, package: str, what: str, subdir: str, base: Path | None,
             known: dict[str, Path]) -> Path:
    if text in known:
        return known[text]
    listing = f"known: {', '.join(known) or 'none'} (or give a path to a .toml file)"
    if not text.strip():
        raise InputError(f"{what} name is empty; {listing}")
    if "\x00" in text or any(len(part.encode()) > 255 for part in text.split("/")):
        raise InputError(f"{what} {text[:80]!r}...: not a usable file name (a part is longer "
                         "than 255 bytes or contains a NUL character)")
    p = Path(text)
    if base is not None and not p.is_absolute():
        p = base / p
    noun = what if what.endswith(" file") else f"{what} file"   # "targets file", "scenario"
    try:
        is_file, exists = p.is_file(), p.exists()
    except OSError as exc:
        raise InputError(f"{noun} {text}: cannot be read ({exc.strerror})") from None
    if is_file:
        return p
    if exists:
        kind = "a folder, not a file" if p.is_dir() else \
            "not a regular file (a device, pipe or socket)"
        raise InputError(f"{noun} {p}: is {kind}")
    if p.suffix == ".toml" or "/" in text:
        raise InputError(f"{noun} {p}: file not found")
    raise InputError(f"unknown {what} '{text}'{suggest(text, known)}; {listing}")
