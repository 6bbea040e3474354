"""Shared fixtures: the course case and its optimal plan, loaded once per test session.

Test modules ask for ``course_case`` (the embedded case company, Fjordpak AS) and ``course_plan``
(``kamlearn.allocate(course_case)``) instead of loading them at import time.  Both are shared: a test
that changes a case makes its own (``case.with_capacity(...)`` returns a new one).
"""

from __future__ import annotations

from typing import Any

import pytest

import kamlearn


@pytest.fixture(scope="session")
def course_case() -> kamlearn.Case:
    """The course's case company, as :func:`kamlearn.load_case` reads it."""
    return kamlearn.load_case()


@pytest.fixture(scope="session")
def course_plan(course_case: kamlearn.Case) -> Any:
    """The optimal plan of the course case (:func:`kamlearn.allocate`, default settings)."""
    return kamlearn.allocate(course_case)
