"""The apps in bokmål: each app built under ``language("nb")`` shows bokmål labels and Norwegian numbers.

Every text of an app (control labels with units, tooltips, buttons, HTML, plot titles and axes, status
messages, tab names) goes through the message catalogue; numbers are written by ``kamlearn._format`` in
the language in force (``1 240``, ``0,24``, ``24 %``, ``12,35 MNOK``, with no-break spaces).  English
stays the default and is checked here where issue 11 changed it (the authority app names its horizon).
"""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as widgets
import pytest

import kamlearn
from kamlearn import _format
from kamlearn.i18n import language
from kamlearn.widgets import (
    allocation_explorer,
    authority_simulator,
    dashboard,
    eight_groups_app,
    key_accounts_app,
    response_calibrator,
)

NBSP = "\u00a0"
CASE = kamlearn.load_case()


def _walk(widget: Any) -> Any:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _shown_text(app: widgets.Widget) -> str:
    """Every text a person reads in the app's widgets: HTML (tags removed), descriptions, tooltips, options."""
    parts: list[str] = []
    for widget in _walk(app):
        if isinstance(widget, widgets.HTML):
            parts.append(re.sub(r"<style>.*?</style>", " ", str(widget.value), flags=re.S))
        for name in ("description", "tooltip"):
            parts.append(str(getattr(widget, name, "") or ""))
        if isinstance(widget, widgets.Dropdown):
            parts.extend(str(label) for label, _value in widget.options)
    return re.sub(r"<[^>]+>", " ", " ".join(parts))


def _figure_text(app: Any) -> str:
    """Titles, axis labels, legend entries and other texts of the app's figure (after a render)."""
    texts = app.live.figure.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
    return " | ".join(str(t.get_text()) for t in texts)


@pytest.fixture(scope="module")
def nb_apps() -> dict[str, Any]:
    with language("nb"):
        return {
            "key_accounts": key_accounts_app(CASE),
            "eight_groups": eight_groups_app(CASE),
            "allocation": allocation_explorer(CASE),
            "authority": authority_simulator(CASE),
            "response": response_calibrator(CASE),
        }


def test_key_accounts_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["key_accounts"]
    assert app.message.level == "", app.message.text
    text = _shown_text(app)
    assert "Klasse A (nøkkelkundene) slutter ved denne kumulative andelen av totalen, %" in text
    assert "Ranger kundene etter (kr per år)" in text and "årlig dekningsbidrag" in text
    summary = app.outputs["summary"].value
    with language("nb"):
        share = _format.percent(app.values["key_share"])
    assert re.fullmatch(r"\d+,\d" + NBSP + "%", share) and share in summary
    assert "nøkkelkunder (klasse A:" in summary and "av det årlige dekningsbidraget" in summary
    figure = _figure_text(app)
    assert "ABC-analyse etter årlig dekningsbidrag" in figure and "Nøkkelkundenes grupper:\nbehov / kapasitet" in figure
    assert "klasse A" in figure and "Andel av totalen" in figure
    with language("nb"):  # tick labels are written when the axis is drawn (the app was built in bokmål)
        ticks = [t.get_text() for t in app.live.axes[1].get_xticklabels() if t.get_text()]
    assert any(re.fullmatch(r"\d,\dx", t) for t in ticks), ticks  # decimal comma on the demand axis


def test_key_accounts_ranking_by_revenue_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["key_accounts"]
    with language("nb"):
        app.controls["ranking"].value = "yearly revenue"
        try:
            assert "av den årlige omsetningen" in app.outputs["summary"].value
            assert app.live.axes[0].get_title() == "ABC-analyse etter årlig omsetning"
        finally:
            app.controls["ranking"].value = "yearly margin"


def test_eight_groups_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["eight_groups"]
    text = _shown_text(app)
    assert "Bemanning, % av plan" in text and "Prosjektgruppe" in text
    assert f"Alle på med 100{NBSP}%" in text
    assert "Informasjonsflyt (EDI og felles prognoser)" in text  # the case's group names
    summary = app.outputs["summary"].value
    assert "Gjenkjøpsrate" in summary and f"Livstidsverdi (CLV, diskontert over 5{NBSP}år)" in summary
    with language("nb"):
        assert _format.mnok(app.values["cost"]) in summary and _format.percent(app.values["retention_after"]) in summary
    assert re.search(r"\d+,\d\d" + NBSP + "MNOK", summary)
    # a retention uplift is a difference of two percentages: percentage points, not "%"
    # with a no-break space and a no-break hyphen, so "%-poeng" never splits across two lines in a narrow column
    assert re.search(r"\+\d+,\d" + NBSP + "%\u2011poeng / " + r"\d+,\d" + NBSP + "%\u2011poeng", summary), summary
    figure = _figure_text(app)
    assert "Hver gruppes kostnad med sin bemanning" in figure and "med team" in figure and "nullpunkt" in figure


def test_allocation_explorer_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["allocation"]
    text = _shown_text(app)
    assert "Timer for nøkkelkundeansvarlige, timer per år" in text
    assert "Prosjektbudsjett, kr per år" in text
    assert "Tilbakestill kapasitet" in text and "Verdien av mer kapasitet" in text
    assert "Fordelingsregel: slik velges prosjektgruppene" in text and "grådig" in text
    summary = app.outputs["summary"].value
    with language("nb"):
        value = _format.mnok(app.values["total_value"])
    assert value in summary and "," in value and value.endswith(NBSP + "MNOK")
    assert f"diskontert over 5{NBSP}år" in summary and "prosjektgrupper hos" in summary
    table = app.outputs["resources"].value
    assert "Ressurs" in table and "LP-skyggepris" in table and "kr" + NBSP + "per" + NBSP + "time" in table
    figure = _figure_text(app)
    assert "Kapasitetsutnyttelse; rød = knapp" in figure and f"Skapt verdi (MNOK,\ndiskontert over 5{NBSP}år)" in figure


def test_allocation_value_of_more_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["allocation"]
    with language("nb"):
        app.controls["value-of-more"].click()
    table = app.outputs["value_of_more"].value
    assert f"Blokkens verdi (diskontert over 5{NBSP}år)" in table and "Hver blokk legges til dagens kapasitet" in table


def test_authority_simulator_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["authority"]
    text = _shown_text(app)
    assert "Fullmaktsgrense: KAM avgjør selv med en gang opp til, kr per forespørsel" in text
    assert "KAM avgjør forespørsler opp til dette beløpet med en gang (kr per forespørsel)" in text  # tooltip
    summary = app.outputs["summary"].value
    with language("nb"):
        change = _format.mnok(app.values["value_change_nok"], signed=True)
        limit = _format.nok(app.result.limit)
    assert f"Endring i livstidsverdi <b>{change}</b> (diskontert over 5{NBSP}år)" in summary
    assert f"Grense <b>{limit}</b>" in summary and NBSP + "kr" in limit
    assert re.search(r"\d+,\d" + NBSP + "dager", summary)  # mean wait, decimal comma
    assert re.search(r"0,\d\d\d → <b>0,\d\d\d</b>", summary)  # retention before -> after
    assert app.live.axes[0].get_ylabel() == f"Endring i livstidsverdi (MNOK,\ndiskontert over 5{NBSP}år)"
    assert "Fullmaktsgrense (kr per forespørsel)" in _figure_text(app)


def test_response_calibrator_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["response"]
    text = _shown_text(app)
    assert "Med dagens innsats" in text and "Timer som skal fordeles på kundene, timer per år" in text
    assert "Tilbakestill anslag" in text
    summary = app.outputs["summary"].value
    assert "tilpasset kurve" in summary
    assert re.search(r"\d" + NBSP + r"\d\d\d" + NBSP + "kr per time", summary), summary  # 4 591 kr per time
    assert "Kundens respons" in _figure_text(app)


def test_response_error_in_bokmal(nb_apps: dict[str, Any]) -> None:
    app = nb_apps["response"]
    with language("nb"):
        before = app.controls["today"].value
        app.controls["today"].value = app.controls["saturation"].value + 1.0
        try:
            assert app.message.level == "error"
            assert "forventet uten innsats < i dag < +50 % < metning (MNOK per år)" in app.message.text
            assert re.search(r"\d,\d\d MNOK\.$", app.message.text)
        finally:
            app.controls["today"].value = before


def test_dashboard_tabs_in_bokmal() -> None:
    with language("nb"):
        board = dashboard(CASE, lazy=True)
    assert list(board.tabs.titles) == ["Nøkkelkunder", "Åtte prosjektgrupper", "Ressursfordeling",
                                       "Fullmaktssimulator", "Responskalibrering", "Om"]
    assert board.built() == ["Key accounts"]  # the apps are still found by their English key


def test_english_writes_a_retention_uplift_in_percentage_points() -> None:
    summary = eight_groups_app(CASE).outputs["summary"].value
    assert re.search(r"\+\d+\.\d pp / \d+\.\d pp", summary), summary


def test_english_is_the_default_and_names_the_horizon() -> None:
    app = authority_simulator(CASE)
    summary = app.outputs["summary"].value
    assert re.search(r"Lifetime value change <b>-?[\d.,]+ MNOK</b> \(discounted over 5 years\)", summary), summary
    assert app.live.axes[0].get_ylabel() == "Lifetime value change (MNOK,\ndiscounted over 5 years)"
    explorer_text = _shown_text(allocation_explorer(CASE))
    assert "Key account manager hours, hours a year" in explorer_text and "Reset capacities" in explorer_text


def _readouts(app: Any) -> dict[str, str]:
    """The readout label beside each slider, by control key (only in languages other than English)."""
    shown = {}
    for widget in _walk(app):
        children = getattr(widget, "children", ())
        if isinstance(widget, widgets.HBox) and len(children) == 2 and isinstance(children[1], widgets.Label):
            key = next(k for k, control in app.controls.items() if control is children[0])
            shown[key] = children[1].value
    return shown


def test_slider_readouts_write_norwegian_numbers_and_follow_the_slider(nb_apps: dict[str, Any]) -> None:
    # ipywidgets' own readout is a d3 format with English digits ("2,600,000", "80%"): hidden in bokmål
    explorer, authority = nb_apps["allocation"], nb_apps["authority"]
    capacities = _readouts(explorer)
    assert sorted(capacities) == sorted(k for k in explorer.controls if k.startswith("capacity-"))
    assert not any(explorer.controls[k].readout for k in capacities)
    slider = explorer.controls["capacity-kam_hours"]
    with language("nb"):
        expected = _format.number(slider.value)
    assert capacities["capacity-kam_hours"] == expected and NBSP in expected and "," not in expected
    with language("nb"):
        before = _format.number(authority.controls["limit"].value)
    assert _readouts(authority) == {"limit": before}
    assert _readouts(nb_apps["key_accounts"]) == {"threshold": f"80{NBSP}%"}
    with language("nb"):  # the apps write in the language in force when the value arrives, as their texts do
        authority.controls["limit"].value = 250_000.0
        nb_apps["key_accounts"].controls["threshold"].value = 0.65
    assert _readouts(authority)["limit"] == f"250{NBSP}000"
    assert _readouts(nb_apps["key_accounts"]) == {"threshold": f"65{NBSP}%"}
    assert set(_readouts(nb_apps["response"])) == {"hours"}
    assert _readouts(nb_apps["eight_groups"]) == {}  # whole percentages 0-200: d3's "d" already reads right


def test_english_sliders_keep_their_own_readout() -> None:
    explorer = allocation_explorer(CASE)
    assert _readouts(explorer) == {}
    assert all(w.readout for k, w in explorer.controls.items() if k.startswith("capacity-"))


def test_explorer_names_resources_as_the_field_writes_them() -> None:
    ticks = [t.get_text() for t in allocation_explorer(CASE).live.axes[0].get_yticklabels()]
    assert "KAM hours" in ticks and "IT hours" in ticks, ticks  # not "kam hours" from the id


@pytest.mark.parametrize("lang, path", [("en", "notebooks/dashboard.ipynb"), ("nb", "notebooks/nb/dashboard.ipynb")])
def test_the_about_text_names_each_tab_as_the_tab_does_and_a_command_that_exists(lang: str, path: str) -> None:
    from pathlib import Path

    import nbformat

    from kamlearn.widgets.dashboard import TAB_TITLES, TABS

    root = Path(__file__).resolve().parents[1]
    about = nbformat.read(root / path, as_version=4).cells[0].source
    with language(lang):
        titles = [str(title) for key, title in TAB_TITLES.items() if key in TABS]
    missing = [t for t in titles if f"**{t}**" not in about]
    assert not missing, f"{path}: the About text does not name the tabs {missing} as the tabs do"
    targets = set(re.findall(r"^([\w-]+):", (root / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    commands = re.findall(r"`make ([\w-]+)([^`]*)`", about)
    assert commands and all(name in targets for name, _rest in commands), commands
    assert all("LANG=" not in rest or "KAMLEARN_LANG=" in rest for _name, rest in commands), commands
