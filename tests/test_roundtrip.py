"""Round trip: any valid case written with any of kamlearn's writers loads back equal.

Random sizes (optional tables empty or not), Norwegian letters, separators and quotes inside text,
large and fractional numbers.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamlearn import Case, load_case
from kamlearn._schema import RESOURCE_KINDS, STAGES

# Text as people type it: Norwegian letters, separators, quotes, digits that look like numbers.
# Not a leading '=' (a spreadsheet formula) nor white space at either end (stripped when read).
ALPHABET = "abcxyzæøåÆØÅéü0123456789 ,;.'\"-&/()%"
TEXT = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(lambda s: s != "")
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
IDS = st.text("ABCæøå0123456789_-", min_size=1, max_size=6)


def fifteen_digits(number: float) -> float:
    """A number as a spreadsheet holds it: 15 significant digits (openpyxl writes 16, Excel keeps 15)."""
    return float(f"{number:.15g}")


SHARE = st.floats(0, 1, allow_nan=False, allow_subnormal=False).map(fifteen_digits)
POSITIVE_SHARE = st.floats(1e-6, 1, allow_nan=False, allow_subnormal=False).map(fifteen_digits)
AMOUNT = st.one_of(
    st.floats(0, 1e13, allow_nan=False, allow_infinity=False, allow_subnormal=False).map(fifteen_digits),
    st.integers(0, 10**12).map(float),
    st.sampled_from([0.1, 1.1, 1.5, 1100.0, 1.125, 4000.0, 2_600_000.0, 1e-7, 123456789.125]),
)
MONTH = st.integers(1, 12)
WRITERS: dict[str, Callable[[Case, Path], Path]] = {
    "csv-comma": lambda case, d: case.to_csv_folder(d / "comma"),
    "csv-semicolon": lambda case, d: case.to_csv_folder(d / "semi", sep=";"),
    "xlsx": lambda case, d: case.to_excel(d / "case.xlsx"),
}


@st.composite
def cases(draw: Any) -> Case:
    account_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    accounts = pd.DataFrame({
        "account_id": account_ids,
        "name": [draw(TEXT) for _ in account_ids],
        "industry": [draw(OPTIONAL_TEXT) for _ in account_ids],
        "region": [draw(OPTIONAL_TEXT) for _ in account_ids],
        "yearly_revenue_nok": [draw(AMOUNT) for _ in account_ids],
        "gross_margin": [draw(SHARE) for _ in account_ids],
        "cost_to_serve_nok": [draw(AMOUNT) for _ in account_ids],
        "retention": [draw(SHARE) for _ in account_ids],
        "stage": [draw(st.sampled_from(STAGES)) for _ in account_ids],
        "share_of_wallet": [draw(POSITIVE_SHARE) for _ in account_ids],
    })
    resource_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    kinds = [draw(st.sampled_from(RESOURCE_KINDS)) for _ in resource_ids]
    resources = pd.DataFrame({
        "resource_id": resource_ids,
        "name": [draw(TEXT) for _ in resource_ids],
        "kind": kinds,
        "unit": [draw(TEXT) for _ in resource_ids],
        "capacity": [draw(AMOUNT) for _ in resource_ids],
        "cost_per_unit_nok": [draw(AMOUNT) for _ in resource_ids],
    })
    initiative_ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    starts = [sorted(draw(st.lists(MONTH, min_size=2, max_size=2))) for _ in initiative_ids]
    initiatives = pd.DataFrame({
        "initiative_id": initiative_ids,
        "account_id": [draw(st.sampled_from(account_ids)) for _ in initiative_ids],
        "name": [draw(TEXT) for _ in initiative_ids],
        "focus": [draw(OPTIONAL_TEXT) for _ in initiative_ids],
        "churn_reduction": [draw(SHARE) for _ in initiative_ids],
        "cost_to_serve_reduction": [draw(SHARE) for _ in initiative_ids],
        "share_of_wallet_gain": [draw(SHARE) for _ in initiative_ids],
        "duration_months": [draw(MONTH) for _ in initiative_ids],
        "earliest_start_month": [s[0] for s in starts],
        "latest_start_month": [s[1] for s in starts],
    })
    pairs = draw(st.lists(st.tuples(st.sampled_from(initiative_ids), st.sampled_from(resource_ids)),
                          min_size=1, max_size=8, unique=True))
    demands = pd.DataFrame({
        "initiative_id": [p[0] for p in pairs],
        "resource_id": [p[1] for p in pairs],
        "amount": [draw(AMOUNT) for _ in pairs],
    })
    human = [r for r, k in zip(resource_ids, kinds, strict=True) if k == "human"]
    staff = None
    if human and draw(st.booleans()):
        person_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
        staff = pd.DataFrame({
            "person_id": person_ids,
            "name": [draw(TEXT) for _ in person_ids],
            "role": [draw(OPTIONAL_TEXT) for _ in person_ids],
            "skills": ["|".join(draw(st.lists(st.sampled_from(human), min_size=1, max_size=2, unique=True)))
                       for _ in person_ids],
            "hours_per_month": [draw(AMOUNT) for _ in person_ids],
            "cost_per_hour_nok": [draw(AMOUNT) for _ in person_ids],
        })
    return Case(accounts, resources, initiatives, demands, staff, name=draw(TEXT), discount_rate=draw(SHARE))


def assert_same_case(again: Case, case: Case) -> None:
    for table in ("accounts", "resources", "initiatives", "demands", "staff"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(case, table), check_exact=True)
    assert again.name == case.name
    assert again.discount_rate == case.discount_rate


@pytest.mark.parametrize("writer", list(WRITERS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=cases())
def test_every_writer_round_trips_any_valid_case(writer: str, case: Case) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = WRITERS[writer](case, Path(tmp))
        assert_same_case(load_case(target), case)


def test_round_trip_keeps_an_empty_staff_and_norwegian_letters(tmp_path: Path) -> None:
    case = load_case()
    small = Case(case.accounts.head(2), case.resources, case.initiatives[case.initiatives["account_id"].isin(
        case.accounts.index[:2])], case.demands[case.demands["initiative_id"].isin(
            case.initiatives.index[case.initiatives["account_id"].isin(case.accounts.index[:2])])],
        name="Fjordpak Ærlig Østlandet Å", discount_rate=0.125)
    assert len(small.staff) == 0
    for writer in WRITERS.values():
        assert_same_case(load_case(writer(small, tmp_path / writer.__name__ / str(id(writer)))), small)
