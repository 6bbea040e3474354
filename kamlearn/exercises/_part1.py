"""Shared helpers for the self-checks of notebooks 00, 01, 02 and 07."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamlearn.case import Case


@lru_cache(maxsize=1)
def course_case() -> Case:
    """The embedded case company (loaded once; a Case is immutable)."""
    from kamlearn.case import load_case

    return load_case()


def share(value: float) -> str:
    """A share as a readable percentage for hints."""
    return f"{value:.1%}"


def cell(frame: Any, row: str, column: str) -> float:
    """One numeric cell of a table as a float."""
    return float(frame[column].to_numpy(dtype=float)[frame.index.get_loc(row)])
