"""The tests every notebook's self-checks share, made once here and bound in each ``test_exercises_<notebook>.py``.

A notebook's test module lists its right answers and known mistakes (answers that depend on the course case as
``lambda c: ...`` of the ``course`` fixture, tests/conftest.py) and binds the tests made from them::

    test_right_answers_pass, test_known_mistakes_get_their_hint, test_every_check_of_the_notebook_is_exported = (
        answer_tests(RIGHT, MISTAKES))
    test_no_check_raises_on_garbage = garbage_test([exercises.check_a, exercises.check_b])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from kamlearn import exercises

RIGHT_MARK, WRONG_MARK = "[Riktig / Right ✓]", "[Ikke ennå / Not yet ✗]"
GARBAGE = [None, "abc", float("nan"), [1, 2], {"a": 1}, True]

Answer = Callable[[Any], tuple[Any, ...]]


def said(capsys: pytest.CaptureFixture[str], check: Callable[..., None], answer: Any) -> str:
    """What ``check(answer)`` prints."""
    check(answer)
    return capsys.readouterr().out


def garbage_test(checks: Sequence[Callable[..., None]]) -> Callable[..., None]:
    """A test that each check answers "not yet" (and does not raise) to garbage."""

    @pytest.mark.parametrize("check", list(checks))
    @pytest.mark.parametrize("answer", GARBAGE)
    def test_no_check_raises_on_garbage(capsys: pytest.CaptureFixture[str], check: Callable[..., None],
                                        answer: Any) -> None:
        assert said(capsys, check, answer).startswith(WRONG_MARK)

    return test_no_check_raises_on_garbage


def answer_tests(right: Sequence[tuple[str, Answer]], mistakes: Sequence[tuple[str, Answer, str]]
                 ) -> tuple[Callable[..., None], Callable[..., None], Callable[[], None]]:
    """Three tests: right answers pass, known mistakes get their hint, every check named is exported."""

    @pytest.mark.parametrize(("name", "answer"), list(right), ids=[f"{n}-{i}" for i, (n, _) in enumerate(right)])
    def test_right_answers_pass(verdict: Callable[..., str], course: Any, name: str, answer: Answer) -> None:
        assert verdict(getattr(exercises, name), *answer(course)).startswith("[Riktig")

    @pytest.mark.parametrize(("name", "answer", "hint"), list(mistakes),
                             ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(mistakes)])
    def test_known_mistakes_get_their_hint(verdict: Callable[..., str], course: Any, name: str, answer: Answer,
                                           hint: str) -> None:
        out = verdict(getattr(exercises, name), *answer(course))
        assert out.startswith("[Ikke")
        assert hint in out

    def test_every_check_of_the_notebook_is_exported() -> None:
        names = {n for n, _ in right} | {n for n, _, _ in mistakes}
        assert names and all(name in exercises.__all__ for name in names)

    return test_right_answers_pass, test_known_mistakes_get_their_hint, test_every_check_of_the_notebook_is_exported
