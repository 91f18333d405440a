"""The on-disk cache: generated kernels and model metadata, keyed by the definition.

Compiling the model is the slow part of a fresh process (sympy builds the
definition, code is printed, numba compiles it).  Everything that step produces
is kept under one folder, ``$PEACETRAP_CACHE`` or ``~/.cache/peacetrap``
(``$XDG_CACHE_HOME/peacetrap`` when that is set):

``models/<key>.json``
    What a :class:`~peacetrap.core.model.Model` needs without sympy (names,
    units, defaults, bounds, display factors, the kernel module's name), in
    JSON: read as data, never evaluated.
``kernels/<name>.py``
    Generated Python modules of our own (the scalar RK4 kernel, the
    vectorised ensemble kernels), named by the hash of their source and
    imported from there; numba's own ``cache=True`` keeps their machine code
    beside them (``kernels/__pycache__``).

``<key>`` (:func:`definition_key`) hashes the source of every module of
:mod:`peacetrap.core` (the definition, however many files it is split into,
the code generators and the vectorised maths), :mod:`peacetrap.errors` and the
versions of Python, numpy, sympy and numba: any change to the model or to the
code that prints it yields a new key, so a stale kernel is never loaded.

Several processes may share the folder: files are written to a temporary name
and renamed into place (readers see the old file or the new one, never half of
one), a source file is never rewritten once it exists (numba keys its cache on
the file's time stamp), and the first compilation of a kernel holds a lock so
that a second process waits for it and then loads instead of compiling again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from types import ModuleType

_PACKAGE = Path(__file__).resolve().parent.parent        # the peacetrap package folder
_IMPORT_LOCK = threading.Lock()


@cache
def root() -> Path:
    """The cache folder (created if needed; a private temporary folder if it cannot be)."""
    env = os.environ.get("PEACETRAP_CACHE")
    if env:
        path = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "peacetrap"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        path = Path(tempfile.gettempdir()) / f"peacetrap-cache-{uid}"
        path.mkdir(parents=True, exist_ok=True)
    return path


def folder(name: str) -> Path:
    """A sub-folder of the cache (created if needed)."""
    path = root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


@cache
def definition_key() -> str:
    """Hash of the model's definition and of the code that turns it into kernels.

    Covers every ``*.py`` file under :mod:`peacetrap.core` (sub-packages
    included), :mod:`peacetrap.errors`, and the versions of Python, numpy,
    sympy and numba.  Reading the files takes about a millisecond; nothing is
    imported or built.
    """
    h = hashlib.sha256()
    h.update(f"python {sys.version_info[:3]} numpy {_version('numpy')} sympy "
             f"{_version('sympy')} numba {_version('numba')}\n".encode())
    files = sorted((_PACKAGE / "core").rglob("*.py")) + [_PACKAGE / "errors.py"]
    for f in files:
        h.update(f.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def source_key(text: str) -> str:
    """Short hash naming a generated source file."""
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def locked(name: str) -> Iterator[None]:
    """Hold an exclusive lock (``flock`` on ``locks/<name>``) shared by all processes."""
    path = folder("locks") / name
    with open(path, "a+") as fh:
        try:
            import fcntl
        except ImportError:          # no flock (Windows): atomic renames still keep files whole
            yield
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def read_json(path: Path) -> dict | None:
    """A JSON object from the cache, or ``None`` if missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict) -> None:
    """Write a JSON object atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, indent=1, sort_keys=True))


def has_module(name: str) -> bool:
    """Whether ``kernels/<name>.py`` exists."""
    return (folder("kernels") / f"{name}.py").exists()


def store_module(name: str, text: str) -> None:
    """Write ``kernels/<name>.py`` unless it exists (it is never rewritten)."""
    path = folder("kernels") / f"{name}.py"
    if path.exists():
        return
    with locked(f"{name}.write"):
        if not path.exists():
            write_atomic(path, text)


def import_module(name: str) -> ModuleType:
    """Import ``kernels/<name>.py`` once per process (numba loads or compiles on first call)."""
    with _IMPORT_LOCK:   # threads of one batch must not see a half-imported module
        if name in sys.modules:
            return sys.modules[name]
        path = folder("kernels") / f"{name}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot import generated kernels from {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
        return module


def is_compiled(name: str) -> bool:
    """Whether a process has compiled ``name`` and numba has saved it (marker file)."""
    return (folder("kernels") / f"{name}.compiled").exists()


def mark_compiled(name: str) -> None:
    """Record that ``name``'s machine code is in numba's cache."""
    write_atomic(folder("kernels") / f"{name}.compiled", "")
