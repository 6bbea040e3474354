"""Norwegian answers count as their English options, and a bokmål number with a decimal comma as the number.

The bokmål course (notebooks/nb) asks the same questions; a student there answers *stiger*, *teknologiske*
or *0,24*.  Each Norwegian answer must get the verdict its English original gets, right or wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kamlearn.exercises import authority, efficiency, resources
from kamlearn.exercises._core import _BOKMAL_OPTIONS, _as_number, evaluate_choice, evaluate_number
from kamlearn.i18n import language

CHECKS: list[tuple[Callable[[Any], None], list[str], dict[str, str]]] = [
    (authority.check_oversight_direction, ["rises", "falls", "stays the same"],
     {"stiger": "rises", "synker": "falls", "uendret": "stays the same"}),
    (resources.check_resource_kind, ["financial", "technological", "human"],
     {"økonomiske": "financial", "teknologiske": "technological", "menneskelige": "human"}),
    (efficiency.check_equal_marginal, ["hours", "response", "response per hour", "marginal return per hour"],
     {"timer": "hours", "respons": "response", "respons per time": "response per hour",
      "marginalavkastning per time": "marginal return per hour"}),
]


def _verdict(check: Callable[[Any], None], answer: str, capsys: pytest.CaptureFixture[str]) -> str:
    check(answer)
    return capsys.readouterr().out.split("]")[0]  # the mark: right or not yet


@pytest.mark.parametrize(("check", "options", "norwegian"), CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_a_norwegian_answer_gets_its_english_options_verdict(check: Callable[[Any], None], options: list[str],
                                                             norwegian: dict[str, str],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    verdicts = {option: _verdict(check, option, capsys) for option in options}
    assert len(set(verdicts.values())) == 2, "one option is right and the others are not"
    for word, option in norwegian.items():
        assert _verdict(check, word.capitalize(), capsys) == verdicts[option], word


def test_every_norwegian_word_names_an_option_of_some_exercise() -> None:
    options = {option for _check, english, _nb in CHECKS for option in english}
    assert set(_BOKMAL_OPTIONS.values()) <= options


def test_a_word_outside_the_options_is_still_refused() -> None:
    feedback = evaluate_choice("sidelengs", "rises", options=["rises", "falls", "stays the same"])
    assert not feedback.correct and "not one of the options" in feedback.message


def test_bokmal_numbers_with_a_decimal_comma_and_spaces() -> None:
    assert _as_number("1 240") == 1240.0 and _as_number("1\u00a0240") == 1240.0
    assert _as_number("0,24") is None  # in English a comma is not a decimal mark: refused, not misread as 24
    with language("nb"):
        assert _as_number("0,24") == pytest.approx(0.24)
        assert _as_number("1\u00a0240,5") == pytest.approx(1240.5)
        assert _as_number("1,240.5") is None  # an English number in the bokmål course is not guessed at
        assert evaluate_number("0,5", 0.5).correct


def test_feedback_writes_numbers_as_the_language_does_and_lists_the_bokmal_words_accepted() -> None:
    from kamlearn.exercises._core import evaluate_choice, evaluate_code
    from kamlearn.i18n import language

    with language("nb"):
        code = str(evaluate_code(lambda used, capacity: None, [((2320000.0, 2600000.0), 2320000.0 / 2600000.0)],
                                 name="utilisation"))
        wrong = str(evaluate_code(lambda a: 3.5, [((1,), 21_820_000.0)], name="f"))
        choice = str(evaluate_choice(None, "financial", options=["financial", "technological", "human"]))
    assert "returnerte None; forventet 0,8923." in code  # not 0.8923076923076924
    assert "returnerte 3,5; forventet 21\u00a0820\u00a0000." in wrong  # not 21820000.0
    assert "'financial' (økonomisk), 'technological' (teknologisk), 'human' (menneskelig)" in choice
    assert "f(1,) returned 3.5; expected 21,820,000." in str(evaluate_code(lambda a: 3.5, [((1,), 21_820_000.0)],
                                                                           name="f"))
    assert "'financial', 'technological', 'human'." in str(
        evaluate_choice(None, "financial", options=["financial", "technological", "human"]))
