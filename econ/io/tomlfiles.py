"""Reading TOML files with errors a user can act on.

Files are parsed with :mod:`tomllib` and only ever read as data.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from peacetrap.errors import InputError, suggest


#: Largest file read (bytes): input files are small tables, not data dumps.
MAX_BYTES = 10_000_000


def read_toml(path: Path) -> dict:
    """Parse a TOML file (UTF-8, a leading byte-order mark allowed).

    Raises
    ------
    InputError
        If the file is missing, a folder, unreadable, too large, not UTF-8 or
        not valid TOML (the message carries tomllib's line and column).
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size} bytes is too large for an input file "
                             f"(at most {MAX_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a UTF-8 text file (byte {exc.start})") from None
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: malformed TOML: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: arrays or tables nested too deeply") from None
    except ValueError as exc:  # e.g. an integer literal longer than Python converts
        raise InputError(f"{path}: malformed TOML: {exc}") from None


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_keys(table: Mapping, allowed: Iterable[str], where: str) -> None:
    """Raise :class:`InputError` naming the first key not in ``allowed``."""
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            raise InputError(f"{where}: unknown key '{key}'{suggest(key, allowed)}; "
                             f"allowed keys: {', '.join(allowed)}")


def number(value: object, where: str, bounds: tuple[float | None, float | None],
           unit: str) -> float:
    """Validate a number against its allowed range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{where}: {value!r} is not a number")
    value = float(value)
    lo, hi = bounds
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"{where}: {value} is not a finite number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        rng = f"{'-inf' if lo is None else lo} to {'inf' if hi is None else hi}"
        raise InputError(f"{where}: {value} is out of range; allowed {rng} {unit}".rstrip())
    return value


def text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: expected a string, got {value!r}")
    return value
