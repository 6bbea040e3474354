"""Tests for the self-checks of notebook 00 (start here): right answers pass, known mistakes get their hint.

Answers that depend on the course case are written as ``lambda c: ...`` of the ``course`` fixture (case, team,
abc, template; tests/conftest.py), so nothing is loaded when this module is imported.
"""

from __future__ import annotations

from exercise_checks import Answer, answer_tests

from kamlearn.exercises.start import GLOSSARY, SERIES

RIGHT: list[tuple[str, Answer]] = [
    ("check_glossary", lambda c: ("beslutningsmyndighet",)),
    ("check_glossary", lambda c: ("  Beslutningsmyndighet ",)),
    ("check_next_article", lambda c: ("key account strategy",)),
    ("check_flagship_margin", lambda c: (float(c.case.yearly_margin()["A01"]),)),
    ("check_margin_function", lambda c: (lambda r, g, cost: r * g - cost,)),
]



MISTAKES: list[tuple[str, Answer, str]] = [
    ("check_flagship_margin", lambda c: (float(c.case.accounts.loc["A01", "yearly_revenue_nok"]),),
     "you used revenue, not margin"),
    ("check_flagship_margin", lambda c: (float(c.case.accounts.loc["A01", "yearly_revenue_nok"]
                                               * c.case.accounts.loc["A01", "gross_margin"]),),
     "subtract the cost to serve"),
    ("check_glossary", lambda c: ("knappe ressurser",), "scarce resources"),
    ("check_glossary", lambda c: ("autoritet",), "not one of the options"),
    ("check_next_article", lambda c: ("developing key account goals",), "goals must be set before"),
    ("check_next_article", lambda c: ("action plan",), "after the strategy"),
    ("check_margin_function", lambda c: (lambda r, g, cost: r * g,), "revenue * gross_margin - cost_to_serve"),
    ("check_flagship_margin", lambda c: ("lots",), "Expected a number"),
]

test_right_answers_pass, test_known_mistakes_get_their_hint, test_every_check_of_the_notebook_is_exported = (
    answer_tests(RIGHT, MISTAKES))




def test_glossary_and_series_cover_the_course() -> None:
    for term in ("nøkkelkunde", "knappe ressurser", "beslutningsmyndighet", "prosjektgruppe", "kundelønnsomhet",
                 "kundens livstidsverdi"):
        assert term in GLOSSARY
    assert any(term.startswith("nøkkelkundeansvarlig") for term in GLOSSARY)
    assert any("lommebokandel" in term for term in GLOSSARY)
    position = SERIES.index("securing internal resources")
    assert SERIES[position - 1] == "developing key account goals"
    assert SERIES[position + 1:] == ("key account strategy", "action plan")
