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


def fixed(value: float, decimals: int) -> str:
    """A number with a fixed count of decimals in the language's style (``'2.4'``; bokmål ``'2,4'``)."""
    from kamlearn._fixed import fixed as fixed_format

    return fixed_format(float(value), f",.{decimals}f")


def whole_percent(share: float) -> str:
    """A share as a whole percentage: ``'63%'`` as the English feedback has always written it; bokmål ``'63 %'``."""
    from kamlearn._fixed import fixed as fixed_format

    return fixed_format(float(share), ".0%")


def horizon(horizon_years: float | None) -> str:
    """How a lifetime value is counted, in the language in force: :func:`kamlearn.value.horizon_label`."""
    from kamlearn._lifetime import horizon_label

    return horizon_label(horizon_years)
