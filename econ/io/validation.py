"""Validating data read from files (or given from Python) against a schema.

The schemas of :mod:`peacetrap.io.schemas` are pydantic models built from the
types below.  Every value type does its own checking and raises a message a
user can act on; :func:`validate` turns pydantic's errors into one
:class:`~peacetrap.errors.InputError` paragraph that names the file, the key
path, the value and what is allowed.  Nothing read is ever evaluated.
"""

from __future__ import annotations

import math
import re
import types
import typing
import numbers
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from peacetrap.errors import InputError, suggest

#: Longest text value, list and file reference accepted (files are data, not documents).
MAX_TEXT = 10_000
MAX_ITEMS = 10_000
MAX_REF = 1024
#: Largest magnitude of a number (beyond it floats lose all meaning in the model).
MAX_MAGNITUDE = 1e300


class Strict(BaseModel):
    """A table of a file: unknown keys are errors, every key is typed."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              arbitrary_types_allowed=False, validate_default=False)
    #: What a key of this table names (used in "unknown ..." messages).
    what: ClassVar[str] = "key"
    #: Where to find the allowed keys when there are too many to list.
    hint: ClassVar[str] = ""


def fail(message: str) -> PydanticCustomError:
    """The error a value type raises (its message is shown as it is)."""
    return PydanticCustomError("peacetrap", message)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


# ----------------------------------------------------------------- numbers
def _range_text(lo: float | None, hi: float | None, unit: str = "") -> str:
    def show(x: float | None, inf: str) -> str:
        return inf if x is None else f"{x}"
    return f"{show(lo, '-inf')} to {show(hi, 'inf')}" + (f" {unit}" if unit else "")


def check_number(value: object, lo: float | None = None, hi: float | None = None,
                 unit: str = "", positive: bool = False) -> float:
    """A finite number (int or float, never bool or text) inside ``[lo, hi]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise fail(f"not a finite number (got {_kind(value)})")
    if isinstance(value, numbers.Integral) and abs(int(value)) > MAX_MAGNITUDE:
        raise fail(f"the number is too large (more than {MAX_MAGNITUDE:g} in magnitude)")
    x = float(value)
    if not math.isfinite(x):
        raise fail("not a finite number (nan and inf are not allowed)")
    if abs(x) > MAX_MAGNITUDE:
        raise fail(f"the number is too large (more than {MAX_MAGNITUDE:g} in magnitude)")
    if positive and x <= 0:
        raise fail("must be positive" + (f" ({_range_text(lo, hi, unit)})" if hi else ""))
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        raise fail(f"{value} is out of range; allowed {_range_text(lo, hi, unit)}")
    return x


def number(lo: float | None = None, hi: float | None = None, unit: str = "",
           positive: bool = False) -> Any:
    """The type of a finite number in ``[lo, hi]`` (``positive``: above 0)."""
    return Annotated[float, BeforeValidator(
        lambda v: check_number(v, lo, hi, unit, positive))]


def whole(lo: int, hi: int) -> Any:
    """The type of a whole number in ``[lo, hi]`` (``4.0`` is 4; ``2.5`` is refused)."""
    def check(v: object) -> int:
        if isinstance(v, float) and math.isfinite(v) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise fail(f"expected a whole number from {lo} to {hi}, got {_kind(v)}")
        v = int(v)
        if not lo <= v <= hi:
            raise fail(f"out of range; allowed a whole number from {lo} to {hi}")
        return v
    return Annotated[int, BeforeValidator(check)]


def boolean() -> Any:
    def check(v: object) -> bool:
        if not isinstance(v, bool):
            raise fail(f"expected true or false, got {_kind(v)}")
        return v
    return Annotated[bool, BeforeValidator(check)]


# ----------------------------------------------------------------- text
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def check_text(v: object, *, empty: bool = True, max_len: int = MAX_TEXT) -> str:
    if not isinstance(v, str):
        raise fail(f"expected a string (text in quotes), got {_kind(v)}")
    if not empty and not v.strip():
        raise fail("must not be empty")
    if len(v) > max_len:
        raise fail(f"too long ({len(v)} characters; at most {max_len})")
    return v


def check_name(v: object) -> str:
    """A name that also works as a file name: no path separators, not hidden."""
    v = check_text(v, empty=False, max_len=100)
    if "/" in v or "\\" in v or v.startswith(".") or _CONTROL.search(v):
        raise fail("not allowed as a name; use letters, digits, '-', '_' and spaces, "
                   "no '/', '\\' or leading '.'")
    return v


def check_ref(v: object, kind: str = "file") -> str:
    """A shipped name or a path to a file (resolved by the loader)."""
    if not isinstance(v, str):
        raise fail(f"expected a {kind} name or a path to a .toml file (text in quotes), "
                   f"got {_kind(v)}")
    v = check_text(v, empty=False, max_len=MAX_REF)
    if _CONTROL.search(v):
        raise fail("contains control characters; expected a name or a file path")
    if any(len(part.encode()) > 255 for part in v.replace("\\", "/").split("/")):
        raise fail("a part of this path is longer than 255 bytes")
    return v


def ref(kind: str) -> Any:
    """The type of a reference to a shipped ``kind`` (by name) or a file (by path)."""
    return Annotated[str, BeforeValidator(lambda v: check_ref(v, kind))]


Text = Annotated[str, BeforeValidator(check_text)]
Label = Annotated[str, BeforeValidator(lambda v: check_text(v, empty=False, max_len=1000))]
Name = Annotated[str, BeforeValidator(check_name)]
Ref = Annotated[str, BeforeValidator(check_ref)]
Number = number()


# ----------------------------------------------------------------- time
YEARS = (1000, 3000)


def check_quarter(v: object) -> str:
    """``"2026Q1"`` (case and surrounding blanks ignored), years 1000 to 3000.

    Only ASCII digits count: other Unicode digits (``"２０２６Q1"``) are not a quarter.
    """
    if hasattr(v, "freqstr") and hasattr(v, "quarter"):  # a pandas.Period from Python
        v = f"{getattr(v, 'year')}Q{getattr(v, 'quarter')}"
    if not isinstance(v, str):
        raise fail(f"expected a quarter like \"2026Q1\", got {_kind(v)}")
    t = v.strip().upper()
    m = re.fullmatch(r"([0-9]{4})Q([1-4])", t)
    if not m or not YEARS[0] <= int(m.group(1)) <= YEARS[1]:
        raise fail(f"not a quarter; write it like \"2026Q1\" (years {YEARS[0]} to {YEARS[1]})")
    return t


def check_period(v: object) -> str:
    """A year (``2025`` or ``"2025"``) or a quarter (``"2025Q4"``)."""
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if isinstance(v, str) and re.fullmatch(r"[0-9]+", v.strip()):
        t = v.strip()
        if len(t) != 4 or not YEARS[0] <= int(t) <= YEARS[1]:
            raise fail(f"not a year; write a year like \"2025\" ({YEARS[0]} to {YEARS[1]}) or "
                       "a quarter like \"2025Q4\"")
        return t
    try:
        return check_quarter(v)
    except PydanticCustomError:
        raise fail("not a quarter or a year; write a year like \"2025\" or a quarter like "
                   "\"2025Q4\"") from None


Quarter = Annotated[str, BeforeValidator(check_quarter)]
PeriodText = Annotated[str, BeforeValidator(check_period)]


def items(kind: Any, low: int = 0, high: int = MAX_ITEMS) -> Any:
    """An array of ``kind`` with ``low`` to ``high`` entries."""
    def check(v: object) -> object:
        if isinstance(v, tuple):
            v = list(v)
        if not isinstance(v, list):
            raise fail(f"expected an array, got {_kind(v)}")
        if not low <= len(v) <= high:
            raise fail(("expected a non-empty list" if low == 1 else f"expected {low} or more "
                        "entries") + f" of at most {high} entries, got {len(v)}" if len(v) < low
                       else f"too many entries ({len(v)}; at most {high})")
        return v
    return Annotated[list[kind], BeforeValidator(check)]


def table(kind: Any) -> Any:
    """A table whose keys are free (checked by the loader) and values are ``kind``."""
    def check(v: object) -> object:
        if not isinstance(v, Mapping):
            raise fail(f"expected a table, got {_kind(v)}")
        if len(v) > MAX_ITEMS:
            raise fail(f"too many keys ({len(v)}; at most {MAX_ITEMS})")
        for k in v:
            check_text(k, empty=False, max_len=200)
        return dict(v)
    return Annotated[dict[str, kind], BeforeValidator(check)]


# ----------------------------------------------------------------- errors
def _short(value: object, limit: int = 60) -> str:
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        text = f"<{_kind(value)}>"
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


def key_path(loc: tuple) -> str:
    """``("inputs", "x", "points", 0, 1)`` -> ``inputs.x.points[0][1]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            s = str(part)
            if not re.fullmatch(r"[A-Za-z0-9_-]+", s):
                s = '"' + s.replace('"', '\\"') + '"'
            out += ("." if out else "") + s
    return out


def _inner(t: Any) -> Any:
    """The table type inside ``Annotated``, ``X | None``, ``list``, ``dict`` wrappers."""
    for _ in range(10):
        origin = typing.get_origin(t)
        if origin is Annotated:
            t = typing.get_args(t)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(t) if a is not type(None)]
            t = rest[0] if rest else t
            if not rest:
                return t
        else:
            return t
    return t


def _table_at(schema: type[BaseModel], loc: tuple) -> type[Strict] | None:
    """The schema class of the table a location lies in (to list its keys)."""
    t: Any = schema
    for part in loc:
        t = _inner(t)
        origin = typing.get_origin(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            field = t.model_fields.get(part) or next(
                (f for f in t.model_fields.values() if f.alias == part), None)
            if field is None:
                return None
            t = field.annotation
        elif origin in (dict, list):
            t = typing.get_args(t)[-1]
        else:
            return None
    t = _inner(t)
    return t if isinstance(t, type) and issubclass(t, Strict) else None


def _keys(cls: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in cls.model_fields.items()]


def _message(err: Mapping[str, Any], schema: type[BaseModel]) -> str:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    path = key_path(loc)
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        parent = _table_at(schema, loc[:-1])
        what = parent.what if parent else "key"
        allowed = _keys(parent) if parent else []
        if parent is not None and getattr(parent, "bare_value", False):
            allowed = [k for k in allowed if k != "value"]   # a bare number, not a key
        listed = (f"; allowed: {', '.join(allowed)}" if len(allowed) <= 15 else
                  f"; {parent.hint}" if parent and parent.hint else "")
        where = f" in [{key_path(loc[:-1])}]" if loc[:-1] else ""
        return (f"unknown {what} '{loc[-1]}'{where}{suggest(str(loc[-1]), allowed)}"
                f"{listed}")
    if kind == "missing":
        return f"missing key '{path}'"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{path or 'the file'} must be a table, got {_kind(value)} {_short(value)}"
    parent = _table_at(schema, loc[:-1]) if loc else None
    if parent is not None and getattr(parent, "bare_value", False) and loc[-1] == "value":
        loc = loc[:-1]     # a number written in place of a path table
        path = key_path(loc)
    msg = err["msg"]
    if kind == "literal_error":
        allowed = msg.split("Input should be ", 1)[-1].replace(" or ", ", ").replace("'", "")
        return f"{path}: {_short(value)} is not allowed; use one of {allowed}"
    elif kind == "too_short":
        msg = "must not be empty"
    elif kind != "peacetrap":
        msg = msg[0].lower() + msg[1:]
    if not path:
        return msg
    if kind in ("value_error",) and "Value error, " in msg:
        msg = msg.split("Value error, ", 1)[1]
    return f"{path} = {_short(value)}: {msg}"


M = TypeVar("M", bound=BaseModel)


def validate(schema: type[M], raw: object, where: str) -> M:
    """Validate ``raw`` (a parsed file, or a dict from Python) against ``schema``.

    Raises
    ------
    InputError
        One paragraph: ``where``, the key path, the value, what is wrong and
        what is allowed (for the first problem; the count of any others).
    """
    try:
        return schema.model_validate(raw)
    except ValidationError as exc:
        errs = exc.errors(include_url=False)
        # a misspelt key is also a missing one: name the misspelling first
        errs.sort(key=lambda e: e["type"] != "extra_forbidden")
        first = _message(errs[0], schema)
        more = f" (and {len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})" \
            if len(errs) > 1 else ""
        raise InputError(f"{where}: {first}{more}") from None
    except RecursionError:
        raise InputError(f"{where}: nested too deeply to be a valid file") from None


def dump(obj: BaseModel) -> dict:
    """The keys a file set (by their file names), as plain data."""
    return obj.model_dump(by_alias=True, exclude_unset=True)


__all__ = ["Strict", "validate", "dump", "fail", "number", "whole", "boolean", "items", "table",
           "Text", "Label", "Name", "Ref", "ref", "Number", "Quarter", "PeriodText", "check_number",
           "check_quarter", "key_path"]
