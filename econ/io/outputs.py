"""Writing results: atomic output folders, manifests, tables and figures.

A command writes everything into a temporary sibling folder and renames it
into place only when all files are written, so a failed run leaves nothing
half-written.  An existing folder is never replaced unless ``force`` is set.
Files carry no timestamps, so the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.errors import InputError
from peacetrap.io.tomlfiles import sha256

FORMATS = ("csv", "parquet")


def default_dir(kind: str, name: str) -> Path:
    """``results/<name>-<kind>-<UTC time>``: a new folder for a run."""
    stamp = pd.Timestamp.now(tz="UTC").strftime("%Y%m%dT%H%M%S")
    path = Path("results") / f"{name}-{kind}-{stamp}"
    n = 1
    while path.exists():  # two runs in the same second get their own folders
        n += 1
        path = Path("results") / f"{name}-{kind}-{stamp}-{n}"
    return path


def add_output_options(parser: object, default: str) -> None:
    """``--out DIR`` (default shown as ``default``) and ``--force`` on a sub-command."""
    parser.add_argument("--out", type=Path, help=f"output folder (default: {default})")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")


def add_calibration_option(parser: object) -> None:
    """``--calibration NAME|PATH`` (a shipped calibration or a parameters.toml); the
    default is the package's one default calibration
    (:data:`peacetrap.run.setups.DEFAULT_CALIBRATION`)."""
    from peacetrap.run.setups import DEFAULT_CALIBRATION

    parser.add_argument("--calibration", default=DEFAULT_CALIBRATION,
                        help="calibration name or parameters.toml path "
                        f"(default: {DEFAULT_CALIBRATION})")


def add_format_option(parser: object) -> None:
    """``--format csv|parquet`` for the tables a command writes."""
    parser.add_argument("--format", choices=FORMATS, default="csv",
                        help="table format (default csv)")


def add_quarters_option(parser: object) -> None:
    """``--quarters N``: scenario length, checked by :func:`check_quarters`."""
    parser.add_argument("--quarters", type=int, default=40, help="scenario quarters (default 40)")


def check_quarters(quarters: int) -> int:
    """Raise :class:`InputError` unless ``1 <= quarters <= 400``."""
    if quarters < 1 or quarters > 400:
        raise InputError(f"--quarters {quarters}: allowed 1 to 400")
    return quarters


def output_target(out: Path | None, force: bool, kind: str, name: str) -> Path:
    """The folder a command will write: ``out``, or a new one under ``results/``.

    Raises
    ------
    InputError
        If it exists and ``force`` is not set (checked before anything runs).
    """
    target = out or default_dir(kind, name)
    if target.exists() and not force:
        raise InputError(f"{target}: output folder exists; choose another --out or pass --force "
                         "to replace it")
    return target


@contextmanager
def atomic_dir(target: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``target`` when the block succeeds.

    Raises
    ------
    InputError
        If ``target`` exists and ``force`` is false (before anything runs).
    """
    target = Path(target)
    if target.exists() and not force:
        raise InputError(f"{target}: output folder exists; choose another --out or pass --force "
                         "to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if target.exists() and not force:  # another run wrote it meanwhile: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"{target}: another run created this folder meanwhile; nothing was "
                         "replaced (choose another --out, or pass --force)")
    if target.exists():
        shutil.rmtree(target)
    try:
        tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"{target}: cannot move the results into place ({exc.strerror})") from None


def git_commit() -> str | None:
    """Commit of the source checkout the package runs from, if it is one."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


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
    SHA-256 of every input file (named by file name, no machine paths).
    """
    from peacetrap import __version__

    files = {}
    for p in inputs:
        if p is not None:
            files[Path(p).name] = sha256(p)
    return {
        "package": "peacetrap", "version": __version__, "git_commit": git_commit(),
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


def save_figure(fig: object, path: Path) -> None:
    """Save a matplotlib figure as PNG (and PDF for ``.pdf``) without timestamps."""
    path = Path(path)
    meta = {"Software": None} if path.suffix == ".png" else {"Creator": None, "Producer": None,
                                                            "CreationDate": None}
    fig.savefig(path, dpi=150, metadata=meta)
