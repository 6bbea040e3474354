"""Shared, cached results of the embedded case for the self-checks of notebooks 3-6.

The expected answers are computed with kamlearn, never typed in; they are
computed once per session, on first use.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@lru_cache(maxsize=1)
def course_case() -> Any:
    """The embedded case company (Fjordpak AS)."""
    from kamlearn.case import load_case

    return load_case()


@cache
def plan(policy: str = "optimal") -> Any:
    """The case's plan under one policy."""
    from kamlearn.allocate import allocate

    return allocate(course_case(), policy)


@lru_cache(maxsize=1)
def staffing() -> Any:
    """The staffing of the optimal plan."""
    from kamlearn.people import assign_staff

    return assign_staff(course_case(), plan("optimal"))


def nok(value: float) -> str:
    """A NOK amount for hints."""
    return f"{value:,.0f} NOK"
