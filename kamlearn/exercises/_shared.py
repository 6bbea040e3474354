"""What the self-checks of every notebook share: the course case and its results, computed once.

The expected answers are computed with kamlearn, never typed in; they are computed once per session, on
first use.  Numbers in hints are written by :mod:`kamlearn._format` (one style for the whole package).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamlearn.case import Case


@lru_cache(maxsize=1)
def course_case() -> Case:
    """The embedded case company, Fjordpak AS (loaded once; a Case is immutable).

    The course helpers pass it to every model (models never load a case themselves).
    """
    from kamlearn.case import load_case

    return load_case()


@cache
def plan(policy: str = "optimal") -> Any:
    """The course case's plan under one policy."""
    from kamlearn import allocate

    return allocate(course_case(), policy)


@lru_cache(maxsize=1)
def staffing() -> Any:
    """The staffing of the course case's optimal plan."""
    from kamlearn.people import assign_staff

    return assign_staff(course_case(), plan("optimal"))


def cell(frame: Any, row: str, column: str) -> float:
    """One numeric cell of a table as a float."""
    return float(frame[column].to_numpy(dtype=float)[frame.index.get_loc(row)])
