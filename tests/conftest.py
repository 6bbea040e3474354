"""Shared fixtures: the course case and its optimal plan, loaded once per test session.

Test modules ask for ``course_case`` (the embedded case company, Fjordpak AS) and ``course_plan``
(``kamlearn.allocate(course_case)``) instead of loading them at import time.  Both are shared: a test
that changes a case makes its own (``case.with_capacity(...)`` returns a new one).

Every test starts in English whatever ``KAMLEARN_LANG`` the person running the tests has set (a
Norwegian developer may have ``KAMLEARN_LANG=nb`` in their shell); a test about bokmål asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest

import kamlearn
from kamlearn.i18n import ENV_VAR, set_language


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no language set and no ``KAMLEARN_LANG``: English, the package's default."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = set_language(None)
    yield
    set_language(before)


@cache
def _course_case() -> kamlearn.Case:
    """The course case, loaded on first use and shared by the fixture and the collection hook."""
    return kamlearn.load_case()


@pytest.fixture(scope="session")
def course_case() -> kamlearn.Case:
    """The course's case company, as :func:`kamlearn.load_case` reads it."""
    return _course_case()


@pytest.fixture(scope="session")
def course_plan(course_case: kamlearn.Case) -> Any:
    """The optimal plan of the course case (:func:`kamlearn.allocate`, default settings)."""
    return kamlearn.allocate(course_case)


@pytest.fixture(scope="session")
def course_team(course_case: kamlearn.Case) -> Any:
    """The full team of eight project groups on the flagship account A01 (:func:`kamlearn.groups.team_outcome`)."""
    from kamlearn.groups import team_outcome

    return team_outcome(course_case, "A01")


@pytest.fixture(scope="session")
def course_abc(course_case: kamlearn.Case) -> Any:
    """The ABC analysis of the course case by margin (:func:`kamlearn.abc_analysis`)."""
    return kamlearn.abc_analysis(course_case)


@pytest.fixture(scope="session")
def template_case() -> kamlearn.Case:
    """The workbook template of notebook 07 (``kamlearn.exercises.own_data.TEMPLATE``), loaded once."""
    from kamlearn.exercises.own_data import TEMPLATE

    return kamlearn.load_case(TEMPLATE)


@pytest.fixture(scope="session")
def course(course_case: kamlearn.Case, course_team: Any, course_abc: Any, template_case: kamlearn.Case) -> Any:
    """The course's results in one namespace (case, team, abc, template), for tables of answers built lazily.

    A test parametrized over ``(check, answer)`` pairs stores each answer as ``lambda c: ...`` of this namespace, so
    nothing is loaded when the test module is imported.
    """
    from types import SimpleNamespace

    return SimpleNamespace(case=course_case, team=course_team, abc=course_abc, template=template_case)


def verdict_of(capsys: pytest.CaptureFixture[str], check: Callable[..., None], *args: Any) -> str:
    """What a self-check prints for ``args``: one line that starts with its mark."""
    check(*args)
    out = capsys.readouterr().out.strip()
    assert out.startswith(("[Riktig", "[Ikke")), out
    assert "\n" not in out
    return out


@pytest.fixture
def verdict(capsys: pytest.CaptureFixture[str]) -> Callable[..., str]:
    """``verdict(check, *args)``: call a self-check and return its one printed line (see :func:`verdict_of`)."""
    return lambda check, *args: verdict_of(capsys, check, *args)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``course_resource`` over the course case's resource ids (the case is loaded once, at collection)."""
    if "course_resource" in metafunc.fixturenames:
        metafunc.parametrize("course_resource", list(_course_case().resources.index))
