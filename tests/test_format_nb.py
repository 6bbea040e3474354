"""kamlearn._format in bokmål: Norwegian separators (checked against Babel's CLDR data), units and money."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from kamlearn import _format
from kamlearn._format import NBSP, count, missing, mnok, nok, number, per_unit, percent, singular
from kamlearn.i18n import ENV_VAR, language, set_language


@pytest.fixture(autouse=True)
def _bokmål(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = set_language("nb")
    yield
    set_language(before)


def plain(text: str) -> str:
    """The text with its no-break spaces shown as ordinary ones, to read the expectations below."""
    return text.replace(NBSP, " ")


def test_the_no_break_space_is_u00a0() -> None:
    assert NBSP == "\u00a0"
    assert number(1_240) == "1\u00a0240"


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: number(1240.5, "hours"), "1 240 timer"),      # 1,000 or more: no decimals, as in English
    (lambda: number(240.5, "hours"), "240,5 timer"),
    (lambda: number(1, "hours"), "1 time"),
    (lambda: number(1.00004, "hours"), "1 time"),
    (lambda: number(1.5, "hours"), "1,5 timer"),
    (lambda: number(0, "hours"), "0 timer"),
    (lambda: number(-1, "hours"), "-1 time"),
    (lambda: number(2, "accounts"), "2 kunder"),
    (lambda: number(1, "accounts"), "1 kunde"),
    (lambda: number(3, "people"), "3 personer"),
    (lambda: number(1, "people"), "1 person"),
    (lambda: number(8, "groups"), "8 grupper"),
    (lambda: number(2_000, "slots"), "2 000 plasser"),
    (lambda: number(900_000, "hours"), "900 000 timer"),
    (lambda: number(12, "months"), "12 måneder"),
    (lambda: number(5, "years"), "5 år"),
    (lambda: number(1, "years"), "1 år"),
    (lambda: number(2, "days"), "2 dager"),
    (lambda: number(40, "requests"), "40 forespørsler"),
    (lambda: number(1_000, "draws"), "1 000 trekninger"),
    (lambda: number(5_373_000.4, "NOK"), "5 373 000 kr"),
    (lambda: number(12.5, "MNOK"), "12,5 MNOK"),
    (lambda: number(3, "widgets"), "3 widgets"),            # a unit the catalogue does not know: as given
    (lambda: number(0.24), "0,24"),
    (lambda: number(0.91234), "0,9123"),
    (lambda: number(2.5, signed=True), "+2,5"),
    (lambda: number(-1_100), "-1 100"),
    (lambda: count(1, "group"), "1 gruppe"),
    (lambda: count(3, "group"), "3 grupper"),
    (lambda: count(2, "person", "people"), "2 personer"),
    (lambda: count(1, "account"), "1 kunde"),
    (lambda: count(1_240, "hour"), "1 240 timer"),
    (lambda: count(2, "class", "classes"), "2 classes"),
    (lambda: nok(1_234.4), "1 234 kr"),
    (lambda: nok(-5_000_000), "-5 000 000 kr"),
    (lambda: nok(250_000, signed=True), "+250 000 kr"),
    (lambda: mnok(12_345_678), "12,35 MNOK"),
    (lambda: mnok(1_234_567_890), "1 234,57 MNOK"),
    (lambda: mnok(-250_000, signed=True), "-0,25 MNOK"),
    (lambda: mnok(-1_000, decimals=2), "0,00 MNOK"),
    (lambda: percent(0.24, decimals=0), "24 %"),
    (lambda: percent(0.8125), "81,2 %"),
    (lambda: percent(-0.031, signed=True), "-3,1 %"),
    (lambda: per_unit(29_561.85, "hours"), "29 562 kr per time"),
    (lambda: per_unit(2.5, "NOK"), "2,50 kr per kr"),
    (lambda: per_unit(150_000, "slots"), "150 000 kr per plass"),
    (lambda: singular("hours"), "time"),
    (lambda: singular("NOK"), "kr"),
    (lambda: singular("people"), "person"),
    (lambda: missing(), "i.t."),
    (lambda: number(math.nan, "hours"), "i.t."),
    (lambda: nok(math.inf), "i.t."),
    (lambda: mnok(math.nan), "i.t."),
    (lambda: percent(math.nan), "i.t."),
    (lambda: per_unit(math.nan, "hours"), "i.t."),
])
def test_bokmål_reads_as_a_norwegian_writes_it(call: object, expected: str) -> None:
    assert callable(call)
    assert plain(call()) == expected


values = st.one_of(st.floats(min_value=-1e12, max_value=1e12), st.integers(min_value=-10**12, max_value=10**12),
                   st.sampled_from([0.0, 1.0, 9.99995, 999.995, 1000.0, 0.5, 1e-9]))


@settings(max_examples=300, deadline=None)
@given(value=values, signed=st.booleans(), decimals=st.integers(min_value=0, max_value=3),
       unit=st.sampled_from(["", "hours", "NOK", "people", "widgets"]))
def test_a_bokmål_quantity_never_breaks_across_lines(value: float, signed: bool, decimals: int, unit: str) -> None:
    for text in (number(value, unit, signed=signed), nok(value, signed=signed), percent(value, decimals=decimals),
                 mnok(value, decimals=decimals), per_unit(value, unit or "hours"), count(value, "group")):
        assert " " not in text and "\u202f" not in text, text
        assert text.count(",") <= 1, text  # one decimal comma at most, no commas between thousands
        assert "." not in text, text  # no English decimal point (and no dotted thousands)


def _english_digits(value: float, signed: bool) -> str:
    with language("en"):
        return number(value, signed=signed)


@settings(max_examples=400, deadline=None)
@given(value=values, signed=st.booleans())
def test_bokmål_digits_are_babels_for_nb_NO(value: float, signed: bool) -> None:
    """The same digits as the English text, written with the CLDR symbols of nb_NO as Babel formats them.

    Rounding is the module's own (checked in English by test_format.py); this checks the separators only:
    the English text is read back as an exact decimal and Babel writes it with as many decimals.
    """
    english = _english_digits(value, signed)
    digits = english.replace(",", "")
    decimals = len(digits.partition(".")[2])
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(Decimal(digits.lstrip("+")), format=pattern, locale="nb_NO")
    if digits.startswith("+"):
        expected = "+" + expected
    assert number(value, signed=signed) == expected
    assert re.fullmatch(r"[+-]?\d{1,3}(\u00a0\d{3})*(,\d+)?", number(value, signed=signed))


def test_the_language_of_the_environment_applies_without_set_language(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language(None)
    monkeypatch.setenv(ENV_VAR, "nb_NO")
    assert plain(nok(1_100)) == "1 100 kr"
    monkeypatch.setenv(ENV_VAR, "en")
    assert nok(1_100) == "1,100 NOK"
    assert _format.MISSING == "n/a"  # the English constant stays; missing() follows the language


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
                       st.integers(-10**9, 10**9).map(float)), decimals=st.integers(0, 4),
       whole=st.booleans())
def test_table_format_writes_babels_digits_with_fixed_decimals(value: float, decimals: int, whole: bool) -> None:
    """pandas' display.float_format for the bokmål notebooks: nb_NO's symbols, the decimals asked for.

    A whole number shows none (``2``, not ``2,000``, which reads as two in Norwegian and two thousand in English).
    """
    from kamlearn.formatting import table_format

    write = table_format(decimals, whole_from=1000 if whole else None)
    shown = 0 if value == round(value) or (whole and abs(value) >= 1000) else decimals
    english = format(value, f",.{shown}f")  # the rounding is Python's; the symbols are checked here
    expected = format_decimal(Decimal(english.replace(",", "")), format="#,##0" + ("." + "0" * shown if shown else ""),
                              locale="nb_NO", decimal_quantization=False)
    assert write(value) == expected.replace("\u2212", "-")
    with language("en"):
        assert write(value) == english


@pytest.mark.parametrize("decimals", [-1, 13, 2.5, True, "2"])
def test_table_format_refuses_other_decimals(decimals: object) -> None:
    from kamlearn.formatting import table_format

    with pytest.raises(ValueError, match=r"decimals: forventet et heltall fra 0 til 12, fant"):
        table_format(decimals)  # type: ignore[arg-type]
