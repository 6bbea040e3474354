"""The models speak bokmål: errors, summaries, reprs and plot labels of value, groups, authority, effort, response,
resource_value and plan_diff, with Norwegian number style (no-break space between thousands, decimal comma, ' %').

The English side is checked by each module's own tests (unchanged); here the bokmål side, the few English texts that
the translation machinery now writes (they must not have changed), the module splits and the ``value_nok`` name.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest

import kamlearn
from kamlearn._fixed import fixed
from kamlearn.i18n import language

matplotlib.use("Agg")

NBSP = "\u00a0"


def nb(text: str) -> str:
    """A bokmål expectation written with ``~`` where the package writes a no-break space (in and after numbers)."""
    return text.replace("~", NBSP)


@pytest.fixture(scope="module")
def team(course_case: kamlearn.Case) -> Any:
    from kamlearn.groups import team_outcome

    return team_outcome(course_case, "A01")


@pytest.fixture(scope="module")
def authority(course_case: kamlearn.Case) -> Any:
    return kamlearn.simulate_authority(course_case, limit=50_000, seed=0, years=20)


@pytest.fixture(scope="module")
def effort(course_case: kamlearn.Case) -> Any:
    from kamlearn.effort import judged_estimates, plan_effort

    return plan_effort(judged_estimates(course_case))


# ----------------------------------------------------------------------------- the number helper


@pytest.mark.parametrize("value, spec", [(3_705_059.4, ",.0f"), (0.8215, ".1%"), (-4_633_604.0, "+,.0f"),
                                         (0.82, ".3f"), (1_100.0, ",.1f"), (float("inf"), ",.0f"), (4590.5123, ".6g")])
def test_fixed_is_format_in_english(value: float, spec: str) -> None:
    with language("en"):
        assert fixed(value, spec) == format(value, spec)


def test_fixed_writes_bokmål_separators() -> None:
    with language("nb"):
        assert fixed(3_705_059.4, ",.0f") == nb("3~705~059")
        assert fixed(0.8215, ".1%") == nb("82,2~%")
        assert fixed(-1_234.5, "+,.2f") == nb("-1~234,50")
        assert fixed(0.82, ".3f") == "0,820"


# ----------------------------------------------------------------------------- value


def test_value_errors_and_horizon_in_bokmål() -> None:
    from kamlearn.value import abc_analysis, check_horizon, clv_multiple, horizon_label

    with language("nb"):
        with pytest.raises(ValueError, match=r"^retention: forventet en sannsynlighet mellom 0 og 1, fant 1,5\.$"):
            clv_multiple(1.5)
        with pytest.raises(ValueError, match="horizon_years: forventet et antall år over 0"):
            check_horizon(-2)
        with pytest.raises(ValueError, match="by: forventet 'yearly_margin' eller en numerisk kolonne"):
            abc_analysis(kamlearn.load_case(), by="colour")
        assert horizon_label(5) == "diskontert over 5\u00a0år"
        assert horizon_label(1) == "diskontert over 1\u00a0år"
        assert horizon_label(2.5) == "diskontert over 2,5\u00a0år"
        assert horizon_label(None) == "diskontert, uten horisont"
    with language("en"):
        assert horizon_label(2.5) == "discounted over 2.5 years"


def test_value_split_keeps_the_import_paths() -> None:
    import kamlearn._lifetime as lifetime
    import kamlearn.value as value

    for name in ("clv_multiple", "customer_lifetime_value", "retention_after", "check_horizon", "horizon_label",
                 "break_even_retention_uplift"):
        assert getattr(value, name) is getattr(lifetime, name)
        assert getattr(kamlearn, name, getattr(value, name)) is getattr(lifetime, name)
    assert value.ArrayLike is lifetime.ArrayLike
    for name in ("group_set_outcomes", "account_outcome", "abc_analysis", "initiative_cost"):
        assert callable(getattr(value, name))


# ----------------------------------------------------------------------------- groups


def test_team_summary_in_bokmål(team: Any) -> None:
    with language("nb"):
        text = team.summary()
    lines = text.splitlines()
    assert lines[0] == "Kundeteam hos A01 Nordlys Dagligvare AS: 8 av 8 grupper aktive."
    assert lines[1].startswith(nb("Engangskostnad 5,37~MNOK; gjenkjøpsrate 78,0~% -> 91,2~%"))
    assert nb("Livstidsverdi (diskontert over 5\u00a0år) 43,7 -> 104,9~MNOK") in lines[2]
    assert lines[2].endswith("teamet lønner seg.")
    assert lines[3] == "Relasjonsfase Mid-KAM -> Synergistic-KAM."
    with language("en"):
        assert team.summary().splitlines()[1].startswith("Cost 5.37 MNOK one-off; retention 78.0% -> 91.2%")


def test_team_errors_and_plot_in_bokmål(course_case: kamlearn.Case, team: Any) -> None:
    import matplotlib.pyplot as plt

    from kamlearn.groups import team_outcome

    with language("nb"):
        with pytest.raises(ValueError, match=r"^bemanningen av A01-G2: forventet et nivå på minst 0 \(1,0 = som "
                                             r"planlagt\), fant -0,5\.$"):
            team_outcome(course_case, "A01", staffing={"A01-G2": -0.5})
        with pytest.raises(KeyError, match="'A99' er ikke en kunde i"):
            team_outcome(course_case, "A99")
        ax = team.plot()
        assert ax.get_title() == "Kundeteam hos A01 Nordlys Dagligvare AS"
        assert ax.get_xlabel() == "Engangskostnad per gruppe (kr)"
    plt.close("all")


def test_team_value_nok_is_the_lifetime_value_with_the_team(team: Any) -> None:
    assert team.value_nok == team.clv_after
    assert team.value_nok == pytest.approx(team.clv_before + team.clv_gain)


# ----------------------------------------------------------------------------- authority


def test_authority_summary_and_repr_in_bokmål(authority: Any) -> None:
    m = authority.metrics
    with language("nb"):
        text = authority.summary()
        shown = repr(authority)
    assert text.startswith(nb("Fullmaktsgrense: 50~000~kr (20 simulerte år, frø 0)"))
    assert nb(f"  avgjort med en gang:        {m['share_decided_at_once'] * 100:.1f}~%".replace(".", ",")) in text
    escaped = f"{m['escaped_spending_nok']:,.0f}".replace(",", NBSP)
    assert f"  pengebruk uten kontroll:    {escaped}{NBSP}kr i året" in text
    assert "livstidsverdi:" in text and "mot umiddelbare beslutninger og gratis kontroll" in text
    # the labels of the bokmål summary line up as the English ones do
    assert {line.index(line.split(":")[1].strip()[0], len(line.split(":")[0])) for line in text.splitlines()[1:]} == {30}
    assert shown.startswith(nb("AuthorityResult(grense=50~000~kr, avgjort med en gang"))


def test_authority_sweep_plot_and_warnings_in_bokmål(course_case: kamlearn.Case, authority: Any) -> None:
    import matplotlib.pyplot as plt

    sweep = kamlearn.sweep_limits(course_case, limits=[0, 50_000, float("inf")], seed=0, years=20)
    with language("nb"):
        text = sweep.summary()
        assert text.startswith("Beste fullmaktsgrense blant 3 prøvde:")
        assert "  gjenkjøpsrate i snitt: 0," in text
        assert repr(sweep).startswith("LimitSweep(3 grenser, beste ")
        assert authority.plot().get_title() == nb("Endring i livstidsverdi med fullmaktsgrense på 50~000~kr")
        with pytest.warns(DeprecationWarning, match=r"simulate_authority\(\) uten case laster inn kursets case"):
            kamlearn.simulate_authority(None, seed=0, years=2)
    plt.close("all")


def test_authority_split_keeps_the_import_paths() -> None:
    import kamlearn._authority_results as results
    import kamlearn.authority as authority

    assert authority.AuthorityResult is results.AuthorityResult is kamlearn.AuthorityResult
    assert authority.LimitSweep is results.LimitSweep is kamlearn.LimitSweep


# ----------------------------------------------------------------------------- effort


def test_effort_summary_and_errors_in_bokmål(effort: Any) -> None:
    from kamlearn.effort import plan_effort

    with language("nb"):
        lines = effort.summary().splitlines()
        assert lines[0] == nb("Innsatsplan: 1~100~timer fordelt på 16 kunder (optimal)")
        assert lines[1] == nb("  respons i dag 75,29~MNOK i året -> planlagt 75,44~MNOK (+0,15~MNOK)")
        assert lines[3].startswith("  marginalavkastning av den siste timen hos hver kunde med timer: ")
        assert lines[3].endswith(f"{NBSP}kr") and NBSP in lines[3]
        bad = pd.DataFrame({"today_hours": [10.0], "zero": [1.0], "today": [2.0], "saturation": [4.0]}, index=["A01"])
        with pytest.raises(ValueError, match=r"^estimates: mangler kolonnene plus_50\.$"):
            plan_effort(bad)
        falling = bad.assign(plus_50=1.5)
        with pytest.raises(ValueError, match=r"^anslagene for A01: forventet null < i dag < \+50 % < metning, "
                                             r"fant 1 / 2 / 2 / 4\.$"):
            plan_effort(falling)
        assert effort.plot(kind="hours").get_title() == nb("Innsatsplan: 1~100~timer i året")


# ----------------------------------------------------------------------------- response


def test_response_errors_and_summary_in_bokmål() -> None:
    from kamlearn.errors import InfeasibleError
    from kamlearn.response import ExponentialCurve, allocate_effort, calibrate_adbudg

    curves = ExponentialCurve(a=[100_000.0, 80_000.0], b=[0.0, 0.0], k=[0.001, 0.002])
    plan = allocate_effort(curves, 2_000.0, index=["A01", "A02"])
    with language("nb"):
        with pytest.raises(ValueError, match=r"^calibrate_adbudg: forventet at anslagene stiger strengt"):
            calibrate_adbudg(2.0, 1.0, 3.0, 4.0)
        with pytest.raises(InfeasibleError, match=r"^de nedre grensene krever 3\xa0000,0\xa0timer, men potten er "
                                                  r"2\xa0000,0\xa0timer\.$"):
            allocate_effort(curves, 2_000.0, lower=1_500.0)
        text = plan.summary()
    assert text.splitlines()[0] == nb("Responsplan: 2~000~timer fordelt på 2~kunder (optimal)")
    assert "per time; på nedre grense: 0, på øvre grense: 0" in text


# ----------------------------------------------------------------------------- resource_value


def test_resource_value_labels_and_verdicts_in_bokmål(course_plan: Any) -> None:
    from kamlearn.resource_value import block_size, value_of_more_capacity

    with language("nb"):
        assert block_size("human", "hours", 850) == (140.0, nb("ett månedsverk (140~timer)"))
        assert block_size("technological", "slots", 2) == (1.0, nb("+10~% (1~plass)"))
        table = value_of_more_capacity(course_plan)
    assert table.loc["budget", "verdict"] == nb("ikke knapp: 280~000~kr ledig")
    assert table.attrs["horizon"] == "diskontert over 5\u00a0år"
    scarce = table[table["verdict"].str.contains("knapp: verdt")]
    assert len(scarce) > 0
    assert scarce["verdict"].str.contains("ansett, lån inn eller gi opplæring på tvers").any()
    # a decimal comma in the times: "verdt 23,3 ganger"
    assert scarce["verdict"].str.contains(r"verdt \d+,\d ganger", regex=True).all()


# ----------------------------------------------------------------------------- plan_diff


def test_plan_diff_summary_in_bokmål(course_case: kamlearn.Case, course_plan: Any) -> None:
    after = kamlearn.allocate(course_case.with_capacity(it_hours=1400))
    diff = kamlearn.compare_plans(course_plan, after, labels=("i dag", "mer IT"))
    with language("nb"):
        text = diff.summary()
        html = diff._repr_html_()
        shown = repr(diff)
    first = text.splitlines()[0]
    assert first.startswith(nb("Hva endret seg fra i dag til mer IT: skapt verdi 60,58~MNOK -> "))
    assert first.endswith("livstidsverdi diskontert over 5\u00a0år, etter ressurskostnad).")
    assert nb("  it_hours: brukt 650 -> 790 hours (kapasitet 700 -> 1~400).") in text
    assert "Grupper beholdt: 12." in text
    assert "Ressurser (skyggepriser i kr per enhet)" in html
    assert shown.startswith("PlanDiff(inn=") and shown.endswith(f"{NBSP}kr)")


def test_plan_diff_default_labels_are_translated_in_the_text_only(course_plan: Any) -> None:
    diff = kamlearn.compare_plans(course_plan, course_plan)
    with language("nb"):
        text = diff.summary()
        accounts = diff.accounts
    assert text.startswith("Hva endret seg fra før til etter: ")
    assert "groups_before" in accounts.columns and "value_after_nok" in accounts.columns  # the column keys stay
    with language("en"):
        assert diff.summary().startswith("What changed from before to after: ")


def test_english_text_of_the_models_is_unchanged(team: Any, effort: Any) -> None:
    with language("en"):
        assert team.summary().splitlines()[0] == "Customer team on A01 Nordlys Dagligvare AS: 8 of 8 groups active."
        assert effort.summary().splitlines()[0] == "Effort plan: 1,100 hours over 16 accounts (optimal)"
        assert repr(effort).startswith("EffortPlan(hours=1,100, gain=")
        assert np.isfinite(effort.gain)
