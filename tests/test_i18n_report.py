"""The memo, the management report and the self-checks in bokmål, with the notebooks' keys kept in both languages.

A Norwegian management group reads the memo and the report: headings, prose, sheet titles and table headers are
bokmål, numbers are written the Norwegian way (``12,35 MNOK``, ``1 240``), and the horizon of lifetime values is
stated.  The DataFrames the notebooks index (``report.tables["Left out"]["Cost of forcing it in (MNOK)"]``) keep their
English keys in both languages; only what is rendered is translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kamlearn
from kamlearn import exercises
from kamlearn._format import NBSP
from kamlearn.i18n import language

MNOK_NB = re.compile(r"-?\d{1,3}(?:\u00a0\d{3})*,\d{2}\u00a0MNOK")
"""An amount in MNOK as bokmål writes it: a decimal comma, no-break spaces (``12,35 MNOK``)."""


@pytest.fixture(scope="module")
def report(course_plan: Any) -> Any:
    """The management report of the course plan, built in bokmål (no Monte Carlo: it is not what is tested)."""
    with language("nb"):
        return kamlearn.management_report(course_plan, draws=0)


# ----------------------------------------------------------------------------- the memo


def test_the_memo_in_bokmal_has_norwegian_headings_and_numbers(course_plan: Any, course_case: kamlearn.Case) -> None:
    with language("nb"):
        text = kamlearn.justification(course_plan, alternatives=[kamlearn.allocate(course_case, "equal")])
    lines = text.splitlines()
    assert lines[0] == f"Bruk av interne ressurser på nøkkelkunder: {course_case.name}"
    for heading in ("1. Beslutningen", "2. Hvor ressursene går", "3. De knappe ressursene (flaskehalsen)",
                    "4. Mot alternativene", "5. Hva som er utelatt", "6. Forutsetninger"):
        assert heading in lines, heading
    assert MNOK_NB.search(text), "an amount in MNOK with a decimal comma"
    assert f"skapt verdi etter kostnaden for ressursene: {kamlearn._format.mnok(course_plan.value_nok)}" not in text
    with language("nb"):
        value = kamlearn._format.mnok(course_plan.value_nok)
    assert f"skapt verdi etter kostnaden for ressursene: {value}." in text
    assert value.replace(NBSP, " ") != f"{course_plan.value_nok / 1e6:,.2f} MNOK"  # not the English style
    assert "diskontert over 5\u00a0år" in text  # the horizon of lifetime values is stated
    assert "The decision" not in text and " groups " not in text  # no English left in the prose


def test_the_memo_in_english_is_unchanged(course_plan: Any, course_case: kamlearn.Case) -> None:
    text = kamlearn.justification(course_plan)
    assert text.splitlines()[0] == f"Use of internal resources for key accounts: {course_case.name}"
    assert "1. The decision" in text and "discounted over 5 years" in text


def test_a_bad_plan_is_refused_in_bokmal() -> None:
    with language("nb"), pytest.raises(TypeError, match=r"en Plan fra kamlearn\.allocate"):
        kamlearn.justification("not a plan")


# ----------------------------------------------------------------------------- the management report


def test_the_decision_and_assumptions_in_bokmal(report: Any, course_case: kamlearn.Case) -> None:
    assert report.title == f"Bruk av interne ressurser på nøkkelkunder: {course_case.name}"
    assert report.decision.startswith(f"{course_case.name}: bemann ")
    assert MNOK_NB.search(report.decision)
    assert "diskontert over 5\u00a0år" in report.decision
    assert any("diskonteringsrente d = 10\u00a0%" in line for line in report.assumptions)
    with language("nb"):
        assert "Forutsetninger:" in report.summary()


def test_the_notebooks_keys_stay_english_in_bokmal(report: Any) -> None:
    # what notebook 07 indexes, in both languages
    assert list(report.tables)[:4] == ["Plan", "Rules compared", "Scarce resources", "Left out"]
    left_out = report.tables["Left out"].set_index("Group")
    assert {"Account", "Reason", "Cost of forcing it in (MNOK)"} <= set(left_out.columns)
    assert left_out["Cost of forcing it in (MNOK)"].dtype.kind == "f"  # numbers, not text
    reasons = " ".join(left_out["Reason"])
    assert "etter kostnaden" in reasons or "skaper mindre enn den koster" in reasons  # the prose is bokmål


def test_the_workbook_in_bokmal_has_norwegian_sheets_and_headers(report: Any, tmp_path: Path) -> None:
    import openpyxl

    with language("nb"):
        book = openpyxl.load_workbook(report.to_excel(tmp_path / "rapport.xlsx"))
    assert book.sheetnames[:5] == ["Beslutning", "Plan", "Regler sammenlignet", "Knappe ressurser", "Utelatt"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    left_out = book["Utelatt"]
    headers = [cell.value for cell in left_out[4]]
    assert headers == ["Gruppe", "Kunde", "Prosjektgruppe", "Ressurskostnad (kr)", "Verdi hvis tvunget inn (MNOK)",
                       "Kostnad ved å tvinge den inn (MNOK)", "Begrunnelse"]
    assert left_out["F5"].number_format == "#,##0.00"  # amounts stay numbers; the spreadsheet writes 1,32 in nb
    assert book["Beslutning"]["A5"].value == "Forutsetninger"
    # the same report written in English keeps the English sheets and headers
    english = openpyxl.load_workbook(report.to_excel(tmp_path / "report.xlsx"))
    assert english.sheetnames[:3] == ["Decision", "Plan", "Rules compared"]
    assert english["Left out"]["F4"].value == "Cost of forcing it in (MNOK)"


def test_the_html_page_in_bokmal(report: Any) -> None:
    with language("nb"):
        page = report.html()
    assert "<html lang='nb'>" in page
    assert "<h2>Beslutningen</h2>" in page and "<h2>Forutsetninger</h2>" in page and "<h2>Utelatt</h2>" in page
    assert "<th>Kostnad ved å tvinge den inn (MNOK)</th>" in page and "<th>Begrunnelse</th>" in page
    cells = re.findall(r"<td class='n'>([^<]+)</td>", page)
    assert any(re.fullmatch(r"-?\d+,\d{2}", c) for c in cells), "MNOK cells with a decimal comma"
    assert not any(re.fullmatch(r"-?[\d,]+\.\d+", c) for c in cells), "no decimal point"
    assert any(re.fullmatch(r"-?\d{1,3}(\u00a0\d{3})+", c) for c in cells), "whole kroner grouped by no-break spaces"
    english = report.html()
    assert "<html lang='en'>" in english and "<th>Cost of forcing it in (MNOK)</th>" in english


def test_the_staffing_headers_are_translated(report: Any) -> None:
    from kamlearn._report_tables import display_header

    assert "Staffing by month" in report.tables  # the course case has named staff
    months = [c for c in report.tables["Staffing by month"].columns if c.startswith("Month ")]
    assert months and months[0] == "Month 1 (hours)"
    with language("nb"):
        assert display_header(months[0]) == "Måned 1 (timer)"


# ----------------------------------------------------------------------------- the self-checks


def _said(capsys: pytest.CaptureFixture[str], check: Callable[..., None], *args: Any) -> str:
    with language("nb"):
        check(*args)
    return capsys.readouterr().out.strip()


def test_feedback_in_bokmal(capsys: pytest.CaptureFixture[str], course_case: kamlearn.Case) -> None:
    out = _said(capsys, exercises.check_flagship_margin, float(course_case.accounts.loc["A01", "yearly_revenue_nok"]))
    assert out.startswith("[Ikke") and "du brukte omsetning, ikke dekningsbidrag" in out
    assert "Årlig dekningsbidrag = årlig omsetning x dekningsgrad - betjeningskostnad" in out
    out = _said(capsys, exercises.check_flagship_margin, "mye")
    assert "Forventet et tall i kr, fikk 'mye'." in out
    out = _said(capsys, exercises.check_retention_with_team, 1.7)
    assert "er umulig: en gjenkjøpsrate ligger mellom 0 og 1" in out
    out = _said(capsys, exercises.check_clv_multiple, "2,67")
    assert out.startswith("[Riktig") and "2,67 er innenfor toleransen." in out
    out = _said(capsys, exercises.check_retention_function, lambda r, es: 1 / 0)
    assert "ga feilen ZeroDivisionError" in out


def test_the_series_is_titled_in_bokmal_and_either_language_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    from kamlearn.exercises.start import SERIES, THIS_ARTICLE

    with language("nb"):
        titles = [str(t) for t in SERIES]
        assert str(THIS_ARTICLE) == "sikre interne ressurser"
    assert titles[4:] == ["utvikle mål for nøkkelkunder", "sikre interne ressurser", "nøkkelkundestrategi",
                          "handlingsplan"]
    assert _said(capsys, exercises.check_next_article, "Nøkkelkundestrategi").startswith("[Riktig")
    assert _said(capsys, exercises.check_next_article, "key account strategy").startswith("[Riktig")
    out = _said(capsys, exercises.check_next_article, "utvikle mål for nøkkelkunder")
    assert out.startswith("[Ikke") and "målene må være satt før ressursene sikres" in out
    out = _said(capsys, exercises.check_next_article, "noe annet")
    assert "er ikke ett av alternativene: 'ABC-analyse (kundelønnsomhet)'" in out


def test_glossary_meanings_in_bokmal(capsys: pytest.CaptureFixture[str]) -> None:
    out = _said(capsys, exercises.check_glossary, "knappe ressurser")
    assert "'knappe ressurser' betyr knappe ressurser: det bedriften har for lite av" in out
    assert _said(capsys, exercises.check_glossary, "beslutningsmyndighet").startswith("[Riktig")


def test_ja_and_nei_in_the_bokmal_course(capsys: pytest.CaptureFixture[str], course_team: Any) -> None:
    right, wrong = ("ja", "nei") if course_team.pays_off else ("nei", "ja")
    assert _said(capsys, exercises.check_team_pays_off, right).startswith("[Riktig")
    out = _said(capsys, exercises.check_team_pays_off, wrong)
    assert out.startswith("[Ikke") and "Sammenlign livstidsverdien teamet tilfører" in out
