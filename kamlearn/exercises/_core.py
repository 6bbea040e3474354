"""The machinery of the self-checks: compare an answer, explain what is right or wrong.

A check never raises on a wrong answer: a student gets a clear verdict and a hint that teaches.
``evaluate_*`` functions return a :class:`Feedback`; the ``check_*`` functions in the
notebook-specific modules print it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kamlearn import _format
from kamlearn.i18n import _

__all__ = ["Feedback", "evaluate_number", "evaluate_choice", "evaluate_code", "show"]

RIGHT = "[Riktig / Right ✓]"
"""The mark of a right answer: words first, so it reads on a PC without an emoji font."""
WRONG = "[Ikke ennå / Not yet ✗]"
"""The mark of a wrong answer (U+2717, a plain dingbat, not an emoji)."""

_YES_NO = {"ja": "yes", "j": "yes", "y": "yes", "nei": "no", "n": "no"}

_BOKMAL_OPTIONS = {  # the options the exercises ask for, as a Norwegian student writes them (GLOSSARY.md)
    "stiger": "rises", "øker": "rises", "går opp": "rises",
    "synker": "falls", "faller": "falls", "går ned": "falls",
    "uendret": "stays the same", "er uendret": "stays the same", "holder seg": "stays the same",
    "forblir uendret": "stays the same", "blir uendret": "stays the same",
    "økonomisk": "financial", "økonomiske": "financial", "finansiell": "financial", "finansielle": "financial",
    "teknologisk": "technological", "teknologiske": "technological",
    "menneskelig": "human", "menneskelige": "human",
    "timer": "hours", "respons": "response", "respons per time": "response per hour",
    "marginalavkastning per time": "marginal return per hour", "grenseavkastning per time": "marginal return per hour",
}
"""Bokmål words accepted wherever an exercise's English option is (like *ja* and *nei* for *yes* and *no*)."""


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer."""

    correct: bool
    message: str
    details: tuple[str, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        head = RIGHT if self.correct else WRONG
        return " ".join([head, self.message, *self.details]).strip()


def show(feedback: Feedback) -> None:
    """Print the verdict (the one place where the self-checks print)."""
    print(feedback)


def _as_number(answer: Any) -> float | None:
    """A number from an answer; text may group thousands with spaces, and in bokmål use a decimal comma.

    Examples
    --------
    >>> from kamlearn.i18n import language
    >>> _as_number("1 240"), _as_number("0,24")
    (1240.0, None)
    >>> with language("nb"):
    ...     _as_number("0,24"), _as_number("1\u00a0240,5")
    (0.24, 1240.5)
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        from kamlearn.i18n import get_language

        text = "".join(answer.split())  # spaces and no-break spaces group thousands: "1 240"
        if "," in text and "." not in text and text.count(",") == 1 and get_language() == "nb":
            text = text.replace(",", ".")  # a decimal comma, as a Norwegian writes 0,24
        answer = text
    try:
        number = float(answer)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def evaluate_number(
    answer: Any,
    expected: float,
    *,
    rel: float = 0.01,
    abs_tol: float = 0.0,
    unit: str = "",
    explain: str = "",
    mistakes: Mapping[str, float] | None = None,
    share: bool = False,
    what: str = "",
) -> Feedback:
    """Compare a numeric answer with the expected value, within a tolerance.

    Parameters
    ----------
    answer
        What the student gave (a number, or something that should be one).
    expected
        The right value, computed with kamlearn (never typed in).
    rel, abs_tol
        Relative and absolute tolerance: right when ``|answer - expected| <= max(rel*|expected|, abs_tol)``.
    unit
        Shown after numbers in the messages.
    explain
        The hint given when the answer is wrong (how to get there).
    mistakes
        Known wrong routes and the value each gives, e.g. ``{"you used revenue, not margin": 2.3e8}``;
        when the answer matches one, that hint is shown.
    share
        The answer is a share or probability (0 to 1): a percentage given
        instead (91.2 for 0.912) and an impossible value (above 1, below 0)
        get their own hints.
    what
        What the number is ("a retention"), for the hint on impossible values.

    Examples
    --------
    >>> print(evaluate_number(91.2, 0.912, share=True, what="a retention"))  # doctest: +NORMALIZE_WHITESPACE
    [Ikke ennå / Not yet ✗] 91.2 looks like a percentage: write it as a share, 0.912 for 91.2 %.
    >>> print(evaluate_number(1.3, 0.912, share=True, what="a retention"))  # doctest: +NORMALIZE_WHITESPACE
    [Ikke ennå / Not yet ✗] 1.3 is impossible: a retention lies between 0 and 1.
    """
    number = _as_number(answer)
    if number is None:
        message = (_("Expected a number in {unit}, got {answer}.") if unit else
                   _("Expected a number, got {answer}.")).format(unit=_format._unit_word(unit, 2),
                                                                  answer=repr(answer))
        return Feedback(False, message, (explain,) if explain else ())
    tolerance = max(rel * abs(expected), abs_tol)
    shown = _format.number(number, unit)
    if abs(number - expected) <= tolerance:
        return Feedback(True, _("{answer} is within the tolerance.").format(answer=shown))
    if share and 1 < number <= 100 and abs(number / 100 - expected) <= max(tolerance, 0.0005 * abs(expected)):
        return Feedback(False, _("{answer} looks like a percentage: write it as a share, {share} for {percent} %.").format(
            answer=shown, share=_format.number(number / 100), percent=_format.number(number)))
    if share and not 0 <= number <= 1:
        return Feedback(False, _("{answer} is impossible: {what} lies between 0 and 1.").format(
            answer=shown, what=what or _("a share")), (explain,) if explain else ())
    for hint, value in (mistakes or {}).items():
        if abs(number - value) <= max(rel * abs(value), abs_tol):
            return Feedback(False, _("{answer}: {hint}.").format(answer=shown, hint=hint), (explain,) if explain else ())
    message = _("{answer} is too high.") if number > expected else _("{answer} is too low.")
    return Feedback(False, message.format(answer=shown), (explain,) if explain else ())


def _option_shown(option: str) -> str:
    """An option as the feedback lists it: ``'financial'``; in bokmål with the word a student may write instead
    (``'financial' (økonomisk)``)."""
    from kamlearn.i18n import get_language

    if get_language() == "nb":
        key = " ".join(str(option).strip().lower().split())
        bokmål = next((word for word, english in {**_YES_NO, **_BOKMAL_OPTIONS}.items()
                       if english == key and word != key), None)
        if bokmål is not None:
            return f"{option!r} ({bokmål})"
    return repr(option)


def _value_shown(value: Any) -> str:
    """A value in feedback: a number as a person reads it in the language in force (``21 820 000``,
    ``0,8923``), anything else as Python writes it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _format.number(value)
    return repr(value)


def evaluate_choice(
    answer: Any,
    correct: str | Iterable[str],
    *,
    options: Iterable[str] | None = None,
    why: str = "",
    hints: Mapping[str, str] | None = None,
) -> Feedback:
    """Compare a choice (a string, case and spaces ignored) with the right option(s).

    ``hints`` maps a wrong option to the hint that explains why it is wrong.
    Norwegian *ja* and *nei* count as *yes* and *no*, and the bokmål words of
    :data:`_BOKMAL_OPTIONS` as the options they translate (*stiger* for *rises*).

    Examples
    --------
    >>> evaluate_choice("Ja", "yes", options=["yes", "no"]).correct
    True
    >>> evaluate_choice("Stiger", "rises", options=["rises", "falls", "stays the same"]).correct
    True
    """
    def norm(text: Any) -> str:
        words = " ".join(str(text).strip().lower().rstrip(".!").split())
        return _YES_NO.get(words, _BOKMAL_OPTIONS.get(words, words))

    right = {norm(correct)} if isinstance(correct, str) else {norm(c) for c in correct}
    valid = {norm(o): o for o in options} if options is not None else None
    given = norm(answer)
    if valid is not None and given not in valid:
        listed = ", ".join(_option_shown(o) for o in valid.values())
        return Feedback(False, _("{answer} is not one of the options: {options}.").format(answer=repr(answer),
                                                                                         options=listed))
    if given in right:
        return Feedback(True, why)
    hint = {norm(k): v for k, v in (hints or {}).items()}.get(given, "")
    return Feedback(False, hint or _("Think again about what the question asks."), (why,) if why and not hint else ())


def evaluate_code(
    function: Any,
    cases: Iterable[tuple[tuple[Any, ...], Any]],
    *,
    name: str = "",
    rel: float = 1e-6,
    hint: str = "",
) -> Feedback:
    """Run a student's function on test inputs and compare with the expected outputs.

    Exceptions raised by the student's function are caught and reported, never re-raised.
    """
    name = name or _("your function")
    if not callable(function):
        return Feedback(False, _("Expected a function, got {found}.").format(found=type(function).__name__),
                        (hint,) if hint else ())
    for args, expected in cases:
        try:
            got = function(*args)
        except Exception as exc:  # a student's code may fail in any way; report it, never raise
            return Feedback(False, _("{call} raised {error}: {message}.").format(
                call=f"{name}{args!r}", error=type(exc).__name__, message=exc), (hint,) if hint else ())
        number = _as_number(got)
        ok = (
            number is not None and abs(number - float(expected)) <= rel * max(1.0, abs(float(expected)))
            if isinstance(expected, (int, float))
            else got == expected
        )
        if not ok:
            return Feedback(False, _("{call} returned {got}; expected {expected}.").format(
                call=f"{name}{args!r}", got=_value_shown(got), expected=_value_shown(expected)), (hint,) if hint else ())
    return Feedback(True, _("{name} gives the expected result on every test input.").format(name=name))


Checker = Callable[..., None]
