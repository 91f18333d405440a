"""The symbols the blocks of the model definition pass to one another."""

from __future__ import annotations

from types import SimpleNamespace

import sympy as sp


class Symbols(SimpleNamespace):
    """Short names (as written in the equations) of the symbols declared so far.

    Each block declares its quantities and returns a :class:`Symbols` of them; the builder
    merges them, and a later block asks for the ones it needs by name with :meth:`get`.
    """

    @classmethod
    def of(cls, **symbols: sp.Expr) -> "Symbols":
        """A namespace holding ``symbols``."""
        return cls(**symbols)

    def merge(self, other: "Symbols") -> None:
        """Add ``other``'s symbols; a short name declared twice is an error."""
        twice = set(vars(self)) & set(vars(other))
        if twice:
            raise ValueError(f"symbols declared twice: {sorted(twice)}")
        vars(self).update(vars(other))

    def get(self, *names: str) -> tuple[sp.Expr, ...]:
        """The symbols called ``names``, in that order."""
        missing = [n for n in names if n not in vars(self)]
        if missing:
            raise ValueError(f"symbols not declared yet: {missing}")
        return tuple(getattr(self, n) for n in names)
