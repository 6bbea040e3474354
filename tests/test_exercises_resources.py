"""Tests for the self-checks of notebook 01 (resources and key accounts): right answers pass, known mistakes get their hint.

Answers that depend on the course case are written as ``lambda c: ...`` of the ``course`` fixture (case, team,
abc, template; tests/conftest.py), so nothing is loaded when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kamlearn import exercises

Answer = Callable[[Any], tuple[Any, ...]]

RIGHT: list[tuple[str, Answer]] = [
    ("check_resource_kind", lambda c: ("technological",)),
    ("check_key_account_count", lambda c: (int((c.abc["abc_class"] == "A").sum()),)),
    ("check_a_share", lambda c: (float(c.abc.loc[c.abc["abc_class"] == "A", "share"].sum()),)),
    ("check_most_overloaded", lambda c: (str((c.case.demand_matrix().sum() / c.case.resources["capacity"]).idxmax()),)),
    ("check_top_share_function", lambda c: (lambda v, k: sum(sorted(v, reverse=True)[:k]) / sum(v),)),
]


@pytest.mark.parametrize(("name", "answer"), RIGHT, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RIGHT)])
def test_right_answers_pass(verdict: Callable[..., str], course: Any, name: str, answer: Answer) -> None:
    assert verdict(getattr(exercises, name), *answer(course)).startswith("[Riktig")


MISTAKES: list[tuple[str, Answer, str]] = [
    ("check_resource_kind", lambda c: ("human",), "not people's hours"),
    ("check_key_account_count", lambda c: (int(c.abc["abc_class"].isin(["A", "B"]).sum()),), "A and the B accounts"),
    ("check_a_share", lambda c: (float(c.abc.loc[c.abc["abc_class"] == "A", "share"].sum()) * 100,), "as a share"),
    ("check_most_overloaded", lambda c: ("budget",), "compare demand with capacity"),
    ("check_top_share_function", lambda c: (lambda v, k: sum(v[:k]) / sum(v),), "from the largest down"),
]


@pytest.mark.parametrize(("name", "answer", "hint"), MISTAKES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(MISTAKES)])
def test_known_mistakes_get_their_hint(verdict: Callable[..., str], course: Any, name: str, answer: Answer,
                                       hint: str) -> None:
    out = verdict(getattr(exercises, name), *answer(course))
    assert out.startswith("[Ikke")
    assert hint in out


def test_every_check_of_the_notebook_is_exported() -> None:
    for name in {n for n, _ in RIGHT}:
        assert name in exercises.__all__
