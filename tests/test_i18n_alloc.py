"""The allocation's texts in bokmål and Plan.value_nok (the warm start's tests: test_allocate_house.py)."""

from __future__ import annotations

import numpy as np
import pytest

import kamlearn
from kamlearn import InfeasibleError
from kamlearn._format import mnok
from kamlearn.i18n import language
from kamlearn.people import assign_staff

CASE = kamlearn.load_case()



# ----------------------------------------------------------------------------- value_nok


def test_value_nok_is_the_plan_value_and_total_value_its_alias() -> None:
    plan = kamlearn.allocate(CASE)
    with pytest.warns(DeprecationWarning, match="value_nok"):
        assert plan.value_nok == plan.total_value
    assert np.isclose(plan.value_nok, plan.accounts["value_created"].sum())
    assert "value_nok=" in repr(plan)
    equal = kamlearn.allocate(CASE, "equal")
    assert equal.value_nok <= plan.value_nok


# ----------------------------------------------------------------------------- the texts in bokmål

NBSP = "\u00a0"


def test_infeasible_commitments_in_bokmal_name_resource_and_numbers() -> None:
    small = CASE.with_capacity(kam_hours=300)
    with language("nb"), pytest.raises(InfeasibleError) as caught:
        kamlearn.allocate(small, commitments=["A01-G4", "A01-G8"])
    text = str(caught.value)
    assert "forpliktelsene trenger 340 kam_hours, men kapasiteten er 300 (A01-G4 100" in text
    with language("nb"), pytest.raises(InfeasibleError, match="A01-G1: både forpliktet og utelukket"):
        kamlearn.allocate(CASE, commitments=["A01-G1"], forbidden=["A01"])
    with language("nb"), pytest.raises(InfeasibleError) as caught:
        kamlearn.allocate(CASE, resource_floors={"kam_hours": 1200})
    assert f"minstekravet på 1{NBSP}200 kam_hours er over kapasiteten på 1{NBSP}100" in str(caught.value)
    # the same error in English is unchanged
    with pytest.raises(InfeasibleError, match=r"floor of 1,200 kam_hours is above its capacity of 1,100"):
        kamlearn.allocate(CASE, resource_floors={"kam_hours": 1200})


def test_bad_arguments_in_bokmal() -> None:
    with language("nb"), pytest.raises(ValueError, match="method: forventet 'auto', 'exact', 'milp' eller 'lagrangian'"):
        kamlearn.allocate(CASE, method="simplex")  # type: ignore[arg-type]
    with language("nb"), pytest.raises(ValueError, match="forbidden: forventet id-er for tiltak"):
        kamlearn.allocate(CASE, forbidden=["nothing"])


def test_plan_summary_in_bokmal_has_norwegian_numbers_units_and_horizon() -> None:
    plan = kamlearn.allocate(CASE)
    english = plan.summary()
    with language("nb"):
        text = plan.summary()
        html_text = plan._repr_html_()
        value = mnok(plan.value_nok)
    first = text.splitlines()[0]
    assert first.startswith("Plan for Fjordpak AS, fordelingsregel 'optimal': bevist optimal. Skapt verdi ")
    assert value in first and value.endswith(f"{NBSP}MNOK") and "," in value
    assert "livstidsverdi" in first and "prosjektgrupper hos" in first and "kunder." in first
    assert "Ressurser (brukt / kapasitet, utnyttelse" in text and "Kunder med prosjektgrupper (6):" in text
    assert "ikke knapp" in text and f"LP-pris 13{NBSP}366{NBSP}kr{NBSP}per{NBSP}time" in text
    assert f"89,2{NBSP}%" in text and "gjenkjøpsrate 0,78 -> 0,88" in text and "engangskostnad 4,43" in text
    assert "Ressurser" in html_text and "Kunder med prosjektgrupper" in html_text
    # English stays as the notebooks store it
    assert "Resources (used / capacity" in english and "89.2%, not scarce" in english
    assert "retention 0.78 -> 0.88, cost 4.43 MNOK one-off, value +44.78 MNOK" in english


def test_staffing_summary_in_bokmal() -> None:
    staffing = assign_staff(CASE, ("A01-G1", "A01-G2", "A01-G3", "A01-G4", "A01-G5", "A01-G6", "A01-G7", "A01-G8"))
    english = staffing.summary()
    with language("nb"):
        text = staffing.summary()
        shown = repr(staffing)
    assert text.startswith("Bemanning av 8 prosjektgrupper med ")
    assert "(prioritert etter verdi)" in text and "timer booket:" in text and "verdien av de bemannede gruppene:" in text
    assert f"{NBSP}kr av " in text and "planlagt" in text
    assert "grupper bemannet" in shown
    assert english.startswith("Staffing of 8 project groups by ") and "(priority by value)" in english
    assert " NOK of " in english and " NOK planned" in english


def test_sensitivity_summary_in_bokmal() -> None:
    result = kamlearn.sensitivity(kamlearn.allocate(CASE), draws=12, seed=3, progress=False)
    english = result.summary()
    with language("nb"):
        text = result.summary()
    assert text.startswith("Hvor sikker: dagens plan løst på nytt over 12\u00a0trekninger av de anslåtte effektene "
                           "(trekantfordelt).")
    assert "Dagens plan er den beste planen i" in text and "Forventet anger ved å binde deg til dagens plan:" in text
    assert f"{NBSP}MNOK" in text and "livstidsverdi" in text
    assert "(frø 3)" in text and "trekantfordelt mellom lav og høy" in text
    assert english.startswith("How sure: today's plan re-solved over 12 draws of the effect estimates (triangular).")
    assert "12 draws (seed 3) of every candidate group's three effects, triangular" in english


def test_the_words_the_bokmal_notebook_03_quotes_are_on_screen() -> None:
    """notebooks/nb/03 says the plan's summary calls a shadow price «LP-pris», the staffing table's status is
    «not staffed» and the staffing picture's legend says «Ikke bemannet»; and that licences are «lisenser»."""
    import matplotlib

    matplotlib.use("Agg")
    plan = kamlearn.allocate(CASE)
    staffing = assign_staff(CASE, plan)
    with language("nb"):
        summary = plan.summary()
        ax = staffing.plot(kind="gantt")
    assert "LP-pris " in summary and "LP price" not in summary
    assert " lisenser " in summary and " licences " not in summary
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Ikke bemannet" in legend, legend
    assert "not staffed" in set(staffing.to_frame()["status"])  # the table keeps the English value the prose names
