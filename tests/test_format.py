"""kamlearn._format in English: the output of every function is byte for byte what it was before it learnt bokmål.

The reference below is the module as it was on main before the language setting (commit 8931eaa), frozen
here; the functions of today must write exactly the same text for any value, unit and option.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamlearn import _format
from kamlearn.i18n import ENV_VAR, language, set_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = set_language(None)
    yield
    set_language(before)


# ---- the reference: kamlearn/_format.py before the language setting (frozen copy) ----
_OLD_MONEY = frozenset({"NOK", "MNOK", "kr"})


def _old_finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def old_singular(unit: str) -> str:
    if unit == "people":
        return "person"
    if unit in _OLD_MONEY or not unit.endswith("s") or unit.endswith("ss"):
        return unit
    return unit[:-1]


def old_number(value: float, unit: str = "", *, signed: bool = False) -> str:
    if not _old_finite(value):
        return "n/a"
    x = float(value)
    sign = "+" if signed else ""
    size = abs(x)
    if size >= 1000 or x == round(x):
        text = f"{x:{sign},.0f}"
    elif size >= 10:
        text = f"{x:{sign},.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:{sign}.4f}".rstrip("0").rstrip(".")
    if text in ("0", "-0", "+0", "-0.0"):
        text = "0"
    if unit and text.lstrip("+-") == "1":
        unit = old_singular(unit)
    return f"{text} {unit}".strip()


def old_count(n: float, word: str, words: str | None = None) -> str:
    many = words if words is not None else word + "s"
    return f"{old_number(n)} {word if n == 1 else many}"


def old_nok(value: float, *, signed: bool = False) -> str:
    if not _old_finite(value):
        return "n/a"
    sign = "+" if signed else ""
    x = round(float(value))
    return f"{x + 0:{sign},d} NOK"


def old_mnok(value: float, *, signed: bool = False, decimals: int = 2) -> str:
    if not _old_finite(value):
        return "n/a"
    sign = "+" if signed else ""
    shown = float(value) / 1e6
    if round(shown, decimals) == 0:
        shown = 0.0
    return f"{shown:{sign},.{decimals}f} MNOK"


def old_percent(share: float, *, decimals: int = 1, signed: bool = False) -> str:
    if not _old_finite(share):
        return "n/a"
    sign = "+" if signed else ""
    return f"{float(share) * 100:{sign}.{decimals}f} %"


def old_per_unit(price: float, unit: str) -> str:
    if not _old_finite(price):
        return "n/a"
    x = float(price)
    text = f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"
    return f"{text} NOK / {old_singular(unit)}"


# ---- the strategies: every kind of value a caller may pass ----
UNITS = ["", "hours", "accounts", "people", "groups", "slots", "months", "years", "days", "requests", "draws",
         "NOK", "MNOK", "kr", "widgets", "class", "units", "hour", "percent", "x"]
WORDS = [("group", None), ("person", "people"), ("hour", None), ("account", None), ("slot", None),
         ("widget", None), ("class", "classes"), ("person", "persons"), ("year", "years"), ("draw", None)]
edge = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.99996, 1.00004, 9.99995, 10.0, 999.995, 999.5, 1000.0, -1000.5,
                        0.5, 1.5, 2.5, 1e15, -1e-9, 123456789.123, math.nan, math.inf, -math.inf])
values = st.one_of(edge, st.floats(allow_nan=True, allow_infinity=True, width=64),
                   st.floats(min_value=-1e7, max_value=1e7), st.integers(min_value=-10**9, max_value=10**9))


@settings(max_examples=300, deadline=None)
@given(value=values, unit=st.sampled_from(UNITS), signed=st.booleans())
def test_number_and_per_unit_are_byte_identical_in_english(value: float, unit: str, signed: bool) -> None:
    assert _format.number(value, unit, signed=signed) == old_number(value, unit, signed=signed)
    assert _format.per_unit(value, unit or "hours") == old_per_unit(value, unit or "hours")
    assert _format.singular(unit) == old_singular(unit)


@settings(max_examples=300, deadline=None)
@given(value=values, signed=st.booleans(), decimals=st.integers(min_value=0, max_value=4))
def test_money_and_percent_are_byte_identical_in_english(value: float, signed: bool, decimals: int) -> None:
    assert _format.nok(value, signed=signed) == old_nok(value, signed=signed)
    assert _format.mnok(value, signed=signed, decimals=decimals) == old_mnok(value, signed=signed, decimals=decimals)
    assert _format.percent(value, decimals=decimals, signed=signed) == old_percent(value, decimals=decimals,
                                                                                    signed=signed)


@settings(max_examples=200, deadline=None)
@given(n=st.one_of(edge, st.integers(min_value=-5, max_value=10**6)), word=st.sampled_from(WORDS))
def test_count_is_byte_identical_in_english(n: float, word: tuple[str, str | None]) -> None:
    assert _format.count(n, *word) == old_count(n, *word)


def test_english_is_the_same_inside_an_explicit_english_block_and_with_nb_in_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "nb")
    with language("en"):
        assert _format.number(1240.5, "hours") == "1,240 hours"
        assert _format.percent(0.24) == "24.0 %"
        assert _format.missing() == _format.MISSING == "n/a"
    assert _format.number(1240.5, "hours") != "1,240 hours"  # the environment says bokmål outside the block


def test_signatures_are_unchanged() -> None:
    expected = {
        "number": "(value: 'float', unit: 'str' = '', *, signed: 'bool' = False) -> 'str'",
        "count": "(n: 'float', word: 'str', words: 'str | None' = None) -> 'str'",
        "nok": "(value: 'float', *, signed: 'bool' = False) -> 'str'",
        "mnok": "(value: 'float', *, signed: 'bool' = False, decimals: 'int' = 2) -> 'str'",
        "percent": "(share: 'float', *, decimals: 'int' = 1, signed: 'bool' = False) -> 'str'",
        "per_unit": "(price: 'float', unit: 'str') -> 'str'",
        "singular": "(unit: 'str') -> 'str'",
    }
    for name, signature in expected.items():
        assert str(inspect.signature(getattr(_format, name))) == signature, name


def test_every_unit_of_the_catalogue_keeps_its_english_forms() -> None:
    for plural, form in _format._UNITS.items():
        assert form(2) == plural
        assert form(1) == old_singular(plural)
    for single, plural in _format._PLURAL_OF.items():
        assert plural in _format._UNITS and old_singular(plural) == single
