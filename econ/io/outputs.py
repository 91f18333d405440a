"""Writing results: atomic output folders, manifests, tables and figures.

A command writes everything into a temporary sibling folder and renames it
into place only when all files are written, so a failed run leaves nothing
half-written.  An existing folder is never replaced unless ``force`` is set.
Files carry no timestamps, so the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peacetrap.errors import InputError
from peacetrap.io import interrupts
from peacetrap.io.tomlfiles import sha256

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("csv", "parquet")
#: The key and value in ``manifest.json`` that mark a folder peacetrap wrote.
MARKER = ("package", "peacetrap")


def default_dir(kind: str, name: str) -> Path:
    """``results/<name>-<kind>-<UTC time>``: a new folder for a run."""
    name = re.sub(r"[^A-Za-z0-9._+-]+", "_", name).strip("._")[:80] or "run"
    stamp = pd.Timestamp.now(tz="UTC").strftime("%Y%m%dT%H%M%S")
    path = Path("results") / f"{name}-{kind}-{stamp}"
    n = 1
    while path.exists():  # two runs in the same second get their own folders
        n += 1
        path = Path("results") / f"{name}-{kind}-{stamp}-{n}"
    return path


def add_output_options(parser: argparse.ArgumentParser, default: str) -> None:
    """``--out DIR`` (default shown as ``default``) and ``--force`` on a sub-command."""
    parser.add_argument("--out", type=Path, help=f"output folder (default: {default})")
    parser.add_argument("--force", action="store_true",
                        help="replace --out if it is an output folder peacetrap wrote")


def add_calibration_option(parser: argparse.ArgumentParser) -> None:
    """``--calibration NAME|PATH`` (a shipped calibration or a parameters.toml); the
    default is the package's one default calibration
    (:data:`peacetrap.run.setups.DEFAULT_CALIBRATION`)."""
    from peacetrap.run.setups import DEFAULT_CALIBRATION

    parser.add_argument("--calibration", default=DEFAULT_CALIBRATION, type=_nonempty,
                        help="calibration name or parameters.toml path "
                        f"(default: {DEFAULT_CALIBRATION})")


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format csv|parquet`` for the tables a command writes."""
    parser.add_argument("--format", choices=FORMATS, default="csv",
                        help="table format (default csv)")


def add_quarters_option(parser: argparse.ArgumentParser) -> None:
    """``--quarters N``: scenario length, checked by :func:`check_quarters`."""
    parser.add_argument("--quarters", type=_quarters, default=40,
                        help="scenario quarters after the history, 8 to 400 (default 40)")


#: Fewest scenario quarters: the headline numbers include an 8-quarter multiplier.
MIN_QUARTERS = 8
MAX_QUARTERS = 400


def _nonempty(text: str) -> str:
    import argparse

    if not text.strip() or "\x00" in text:
        raise argparse.ArgumentTypeError("must not be empty; give a name or a path")
    return text


def _quarters(text: str) -> int:
    import argparse

    try:
        return check_quarters(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; allowed "
                                         f"{MIN_QUARTERS} to {MAX_QUARTERS}") from None
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[1]) from None


def check_quarters(quarters: int) -> int:
    """Raise :class:`InputError` unless ``8 <= quarters <= 400``.

    Eight quarters is the shortest run whose headline numbers (the 8-quarter
    defence multiplier among them) are all defined.
    """
    if not MIN_QUARTERS <= quarters <= MAX_QUARTERS:
        raise InputError(f"--quarters {quarters}: allowed {MIN_QUARTERS} to {MAX_QUARTERS} "
                         "(the headline numbers need at least 8 quarters after the history)")
    return quarters


def written_by_peacetrap(folder: Path) -> bool:
    """True if ``folder`` holds a ``manifest.json`` that peacetrap wrote (its marker)."""
    try:
        data = json.loads((Path(folder) / "manifest.json").read_text())
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get(MARKER[0]) == MARKER[1]


def _nearest_existing(path: Path) -> Path:
    p = path.absolute().parent
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_output(target: Path, force: bool = False) -> Path:
    """Check, before anything runs, that ``target`` can be written (and replaced).

    A new folder needs a parent that is, or can become, a writable folder.  An
    existing one is replaced only with ``force``, and only if peacetrap wrote it
    (its ``manifest.json`` carries the marker) or if it is empty; never the working
    folder or one
    of its parents, a file, or a symbolic link.

    Raises
    ------
    InputError
        Naming the folder and what to do instead.
    """
    target = Path(target)
    text = str(target)
    if not text.strip() or "\x00" in text:
        raise InputError(f"--out {text!r}: not a usable folder name")
    long = [p for p in target.parts if len(p.encode()) > 255]
    if long:
        raise InputError(f"--out {text[:60]}...: a folder name is longer than 255 bytes")
    try:
        is_link, exists = target.is_symlink(), target.exists()
        is_dir = target.is_dir()
    except OSError as exc:
        raise InputError(f"--out {target}: cannot use this path ({exc.strerror})") from None
    if is_link:
        raise InputError(f"--out {target}: is a symbolic link; peacetrap never writes through "
                         "or replaces a link; choose another --out")
    if exists and not is_dir:
        raise InputError(f"--out {target}: is a file, not a folder; peacetrap never replaces "
                         "a file; choose another --out")
    if exists:
        if not force:
            raise InputError(f"{target}: output folder exists; choose another --out or pass "
                             "--force to replace it")
        real, cwd = target.resolve(), Path.cwd().resolve()
        if real == cwd or real in cwd.parents or real == Path.home().resolve():
            raise InputError(f"--out {target} --force: this is the working folder, one of its "
                             "parents or the home folder; peacetrap never replaces it; choose "
                             "a new folder for --out")
        if not written_by_peacetrap(target) and any(target.iterdir()):
            raise InputError(f"--out {target} --force: this folder was not written by "
                             "peacetrap (it has no manifest.json from peacetrap); --force "
                             "replaces only peacetrap's own output folders; choose another "
                             "--out")
    parent = _nearest_existing(target)
    if not parent.is_dir():
        raise InputError(f"--out {target}: {parent} is a file, so no folder can be made in it")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".peacetrap-check.", dir=parent))
    except OSError as exc:
        raise InputError(f"--out {target}: cannot create a folder in {parent} "
                         f"({exc.strerror})") from None
    return target


def output_target(out: Path | None, force: bool, kind: str, name: str) -> Path:
    """The folder a command will write: ``out``, or a new one under ``results/``.

    Raises
    ------
    InputError
        If it cannot be written (see :func:`check_output`; checked before anything runs).
    """
    return check_output(out or default_dir(kind, name), force)


def _made_parents(target: Path) -> list[Path]:
    """The missing folders above ``target``, outermost first."""
    missing = []
    p = target.absolute().parent
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    return missing[::-1]


@contextmanager
def atomic_dir(target: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``target`` when the block succeeds.

    The temporary folder (``.<name>.XXXX`` beside ``target``) and any parent
    folders made for it are removed on every way out: an error, Ctrl-C, or
    SIGTERM / SIGHUP (turned into exceptions by :mod:`peacetrap.io.interrupts`).
    A replaced folder is moved aside first and deleted only once the new one is
    in place.

    Raises
    ------
    InputError
        If ``target`` may not be written (:func:`check_output`, before anything runs).
    """
    target = Path(target)
    check_output(target, force)
    with interrupts.deferred_quiet():
        made = _made_parents(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        except OSError as exc:
            _remove_made(made)
            raise InputError(f"--out {target}: cannot create it ({exc.strerror})") from None
    try:
        interrupts.check()
        yield tmp
        interrupts.check()             # a signal some library swallowed still stops us here
        with interrupts.deferred_quiet():
            _move_into_place(tmp, target, force)
    except BaseException:
        with interrupts.deferred_quiet():
            shutil.rmtree(tmp, ignore_errors=True)
            _remove_made(made)
        raise


def _remove_made(made: list[Path]) -> None:
    for p in reversed(made):
        try:
            p.rmdir()
        except OSError:
            break


def _move_into_place(tmp: Path, target: Path, force: bool) -> None:
    exists = target.exists() or target.is_symlink()
    if exists and not force:  # another run wrote it meanwhile: keep theirs
        raise InputError(f"{target}: another run created this folder meanwhile; nothing was "
                         "replaced (choose another --out, or pass --force)")
    old = None
    if exists:
        check_output(target, force)    # still a folder of ours, not a link or a file
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.rmdir(old)
        target.rename(old)
    try:
        tmp.rename(target)
    except OSError as exc:
        if old is not None:
            old.rename(target)
        raise InputError(f"{target}: cannot move the results into place ({exc.strerror})") \
            from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def git_commit(package: Path | None = None) -> str | None:
    """Commit of the source checkout the package runs from, if it is one.

    Only a repository that tracks the package's own files counts: a package
    installed into a folder that lies inside some other repository (a virtual
    environment in a project's checkout) has no commit of its own.

    Parameters
    ----------
    package : pathlib.Path, optional
        The package's folder (default: the folder of this package's ``io``).
    """
    here = Path(__file__).resolve().parent if package is None else Path(package)

    def git(*args: str) -> subprocess.CompletedProcess | None:
        try:
            return subprocess.run(["git", *args], cwd=here, capture_output=True, text=True,
                                  timeout=5, check=False)
        except (OSError, subprocess.SubprocessError):
            return None

    tracked = git("ls-files", "--error-unmatch", "--", "__init__.py")
    if tracked is None or tracked.returncode != 0:
        return None
    out = git("rev-parse", "HEAD")
    return out.stdout.strip() or None if out is not None and out.returncode == 0 else None


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, float)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (pd.Period, Path)):
        return str(value)
    return value


def write_json(path: Path, data: dict) -> None:
    """JSON with sorted keys, two-space indent, NaN written as null."""
    Path(path).write_text(json.dumps(_plain(data), indent=2, sort_keys=True) + "\n")


def manifest(command: str, parameters: pd.Series | dict, inputs: list[Path | None],
             seed: int | None = None, **extra: object) -> dict:
    """The manifest every output folder carries.

    Contains the package version, the git commit where known, the Python and
    numpy versions, the command, every parameter value, the seed and the
    SHA-256 of every input file (named by file name, or by its folder's name and file
    name when two share a name; no machine paths).
    """
    from peacetrap import __version__

    files, seen = {}, set()
    for p in inputs:
        if p is not None and Path(p).resolve() not in seen:   # a file listed twice: once
            seen.add(Path(p).resolve())
            name = Path(p).name
            if name in files:        # files of the same name from different folders
                name = f"{Path(p).parent.name}/{name}"
            files[name] = sha256(p)
    return {
        MARKER[0]: MARKER[1], "version": __version__, "git_commit": git_commit(),
        "python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
        "command": command, "seed": seed,
        "parameters": {k: float(v) for k, v in dict(parameters).items()},
        "input_sha256": files, **extra,
    }


def write_table(df: pd.DataFrame, path: Path, fmt: str = "csv") -> Path:
    """Write a table as CSV (no index) or Parquet; returns the path written."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: allowed {', '.join(FORMATS)}")
    path = Path(path).with_suffix(f".{fmt}")
    if fmt == "csv":
        df.to_csv(path, index=False, float_format="%.10g", lineterminator="\n")
    else:
        try:
            df.to_parquet(path, index=False)
        except ImportError:
            raise InputError("--format parquet needs pyarrow: pip install 'peacetrap[parquet]'") from None
    return path


def save_figure(fig: Figure, path: Path) -> None:
    """Save a matplotlib figure as PNG (and PDF for ``.pdf``) without timestamps."""
    path = Path(path)
    meta = {"Software": None} if path.suffix == ".png" else {"Creator": None, "Producer": None,
                                                            "CreationDate": None}
    fig.savefig(path, dpi=150, metadata=meta)
