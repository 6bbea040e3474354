"""Tests for the self-checks of notebooks 00, 01, 02 and 07: right answers pass, known mistakes get their hint."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import kamlearn
from kamlearn import exercises
from kamlearn.exercises.own_data import percent_typo
from kamlearn.exercises.start import GLOSSARY, SERIES
from kamlearn.groups import team_outcome

CASE = kamlearn.load_case()
TEAM = team_outcome(CASE, "A01")
ABC = kamlearn.abc_analysis(CASE)


def verdict(capsys: pytest.CaptureFixture[str], check: Callable[..., None], *args: Any) -> str:
    check(*args)
    out = capsys.readouterr().out.strip()
    assert out.startswith(("[Riktig", "[Ikke")), out
    assert "\n" not in out
    return out


RIGHT: list[tuple[str, tuple[Any, ...]]] = [
    ("check_glossary", ("beslutningsmyndighet",)),
    ("check_glossary", ("  Beslutningsmyndighet ",)),
    ("check_next_article", ("key account strategy",)),
    ("check_flagship_margin", (float(CASE.yearly_margin()["A01"]),)),
    ("check_margin_function", (lambda r, g, c: r * g - c,)),
    ("check_resource_kind", ("technological",)),
    ("check_key_account_count", (int((ABC["abc_class"] == "A").sum()),)),
    ("check_a_share", (float(ABC.loc[ABC["abc_class"] == "A", "share"].sum()),)),
    ("check_most_overloaded", (str((CASE.demand_matrix().sum() / CASE.resources["capacity"]).idxmax()),)),
    ("check_top_share_function", (lambda v, k: sum(sorted(v, reverse=True)[:k]) / sum(v),)),
    ("check_team_cost", (TEAM.cost,)),
    ("check_retention_with_team", (TEAM.retention_after,)),
    ("check_break_even_uplift", (TEAM.break_even_uplift,)),
    ("check_team_pays_off", ("yes",)),
    ("check_stage_after", (TEAM.stage_after,)),
    ("check_retention_function", (lambda r, es: 1 - (1 - r) * math.prod(1 - e for e in es),)),
    ("check_bad_column", ("gross_margin",)),
    ("check_as_share_function", (lambda v: v / 100 if v > 1 else v,)),
    ("check_total_clv", (float(kamlearn.customer_lifetime_value(
        kamlearn.load_case(exercises.own_data.TEMPLATE).yearly_margin(),
        kamlearn.load_case(exercises.own_data.TEMPLATE).accounts["retention"], 0.10).sum()),)),
]


@pytest.mark.parametrize(("name", "args"), RIGHT, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RIGHT)])
def test_right_answers_pass(capsys: pytest.CaptureFixture[str], name: str, args: tuple[Any, ...]) -> None:
    assert verdict(capsys, getattr(exercises, name), *args).startswith("[Riktig")


A01 = CASE.accounts.loc["A01"]
MISTAKES: list[tuple[str, tuple[Any, ...], str]] = [
    ("check_flagship_margin", (float(A01["yearly_revenue_nok"]),), "you used revenue, not margin"),
    ("check_flagship_margin", (float(A01["yearly_revenue_nok"] * A01["gross_margin"]),), "subtract the cost to serve"),
    ("check_glossary", ("knappe ressurser",), "scarce resources"),
    ("check_glossary", ("autoritet",), "not one of the options"),
    ("check_next_article", ("developing key account goals",), "goals must be set before"),
    ("check_next_article", ("action plan",), "after the strategy"),
    ("check_resource_kind", ("human",), "not people's hours"),
    ("check_key_account_count", (int(ABC["abc_class"].isin(["A", "B"]).sum()),), "A and the B accounts"),
    ("check_a_share", (float(ABC.loc[ABC["abc_class"] == "A", "share"].sum()) * 100,), "as a share"),
    ("check_most_overloaded", ("budget",), "compare demand with capacity"),
    ("check_team_cost", (float(CASE.demands.query("initiative_id.str.startswith('A01') and resource_id == 'budget'")
                               ["amount"].sum()),), "only the project budget"),
    ("check_retention_with_team", (1 - (1 - TEAM.retention_before)
                                   * (1 - float(TEAM.groups["churn_reduction"].sum())),), "LEFT"),
    ("check_retention_with_team", (TEAM.retention_after * 100,), "as a share"),
    ("check_break_even_uplift", (float(kamlearn.break_even_retention_uplift(
        float(A01["yearly_revenue_nok"]), TEAM.retention_before, TEAM.cost, CASE.discount_rate, CASE.horizon_years)),),
     "you used revenue, not margin"),
    ("check_break_even_uplift", (TEAM.retention_uplift,), "the uplift the team delivers"),
    ("check_team_pays_off", ("no",), "Compare the lifetime value"),
    ("check_stage_after", (TEAM.stage_before,), "A01's stage today"),
    ("check_retention_function", (lambda r, es: r + sum(es),), "Start with churn = 1 - retention"),
    ("check_retention_function", (lambda r, es: 1 / 0,), "raised ZeroDivisionError"),
    ("check_retention_function", ("not a function",), "Expected a function"),
    ("check_bad_column", ("retention",), "names the column in quotes"),
    ("check_bad_column", ("colour",), "not one of the options"),
    ("check_as_share_function", (lambda v: v / 100,), "already a share"),
    ("check_total_clv", (float(kamlearn.load_case(exercises.own_data.TEMPLATE).yearly_margin().sum()),),
     "one year's margin"),
    ("check_top_share_function", (lambda v, k: sum(v[:k]) / sum(v),), "from the largest down"),
    ("check_margin_function", (lambda r, g, c: r * g,), "revenue * gross_margin - cost_to_serve"),
    ("check_flagship_margin", ("lots",), "Expected a number"),
    ("check_team_cost", (float("nan"),), "Expected a number"),
]


@pytest.mark.parametrize(("name", "args", "hint"), MISTAKES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(MISTAKES)])
def test_known_mistakes_get_their_hint(capsys: pytest.CaptureFixture[str], name: str, args: tuple[Any, ...],
                                       hint: str) -> None:
    out = verdict(capsys, getattr(exercises, name), *args)
    assert out.startswith("[Ikke")
    assert hint in out


def test_tolerances_accept_rounded_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert verdict(capsys, exercises.check_break_even_uplift, round(TEAM.break_even_uplift, 3)).startswith("[Riktig")
    assert verdict(capsys, exercises.check_retention_with_team, round(TEAM.retention_after, 3)).startswith("[Riktig")
    assert verdict(capsys, exercises.check_team_cost, round(TEAM.cost, -3)).startswith("[Riktig")


def test_total_clv_uses_the_case_given(capsys: pytest.CaptureFixture[str]) -> None:
    total = float(kamlearn.customer_lifetime_value(CASE.yearly_margin(), CASE.accounts["retention"],
                                                   CASE.discount_rate, CASE.horizon_years).sum())
    assert verdict(capsys, exercises.check_total_clv, total, CASE).startswith("[Riktig")


def test_percent_typo_breaks_only_one_cell() -> None:
    broken = percent_typo(CASE.accounts)
    assert broken["gross_margin"].iloc[0] == pytest.approx(CASE.accounts["gross_margin"].iloc[0] * 100)
    assert np.array_equal(broken["gross_margin"].iloc[1:].to_numpy(), CASE.accounts["gross_margin"].iloc[1:].to_numpy())
    with pytest.raises(kamlearn.CaseError, match="column 'gross_margin'"):
        CASE.with_tables(accounts=broken)


def test_glossary_and_series_cover_the_course() -> None:
    for term in ("nøkkelkunde", "knappe ressurser", "beslutningsmyndighet", "prosjektgruppe", "kundelønnsomhet",
                 "kundens livstidsverdi"):
        assert term in GLOSSARY
    assert any(term.startswith("nøkkelkundeansvarlig") for term in GLOSSARY)
    assert any("lommebokandel" in term for term in GLOSSARY)
    position = SERIES.index("securing internal resources")
    assert SERIES[position - 1] == "developing key account goals"
    assert SERIES[position + 1:] == ("key account strategy", "action plan")


def test_every_part1_check_is_exported() -> None:
    names = [n for n, _ in RIGHT]
    for name in set(names):
        assert name in exercises.__all__


# ----------------------------------------------------------------------------- feedback that teaches


def test_a_percentage_given_for_a_share_gets_its_own_hint(capsys: pytest.CaptureFixture[str]) -> None:
    right = TEAM.retention_after
    out = verdict(capsys, exercises.check_retention_with_team, round(right * 100, 1))
    assert out.startswith("[Ikke") and "looks like a percentage" in out
    assert f"{round(right, 3)}" in out


def test_impossible_values_get_their_own_hint(capsys: pytest.CaptureFixture[str]) -> None:
    out = verdict(capsys, exercises.check_retention_with_team, 1.7)
    assert "impossible: a retention lies between 0 and 1" in out
    out = verdict(capsys, exercises.check_retention_with_team, -0.2)
    assert "impossible" in out


def test_ja_and_nei_count_as_yes_and_no(capsys: pytest.CaptureFixture[str]) -> None:
    right = "ja" if TEAM.pays_off else "nei"
    wrong = "nei" if TEAM.pays_off else "ja"
    assert verdict(capsys, exercises.check_team_pays_off, right).startswith("[Riktig")
    assert verdict(capsys, exercises.check_team_pays_off, f" {right.upper()} ").startswith("[Riktig")
    assert verdict(capsys, exercises.check_team_pays_off, wrong).startswith("[Ikke")


def test_no_scientific_notation_and_plural_safe(capsys: pytest.CaptureFixture[str]) -> None:
    out = verdict(capsys, exercises.check_team_cost, 5_373_000.0 * 3)
    assert re.search(r"\d[eE][+-]?\d", out) is None and "16,119,000 NOK" in out
    from kamlearn._format import count, number

    assert number(1, "accounts") == "1 account"
    assert count(1, "group") == "1 group" and count(8, "group") == "8 groups"


def test_verdict_marks_read_without_an_emoji_font(capsys: pytest.CaptureFixture[str]) -> None:
    out = verdict(capsys, exercises.check_team_pays_off, "maybe")
    # words first; the marks are plain dingbats (text presentation), never emoji
    for char in out:
        assert not 0x1F000 <= ord(char) <= 0x1FAFF and char not in "\u2705\u274c"
