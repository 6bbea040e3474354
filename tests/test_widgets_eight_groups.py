"""Headless tests of the eight-groups app: set each control, compare what it shows with kamlearn."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from kamlearn._format import mnok as format_nok
from kamlearn._format import percent as format_percent
from kamlearn.groups import team_outcome
from kamlearn.widgets import eight_groups_app
from kamlearn.widgets._common import LiveFigure, MessageArea, css_class, tag

GROUPS = [f"A01-G{i}" for i in range(1, 9)]


@pytest.fixture(scope="module")
def app(course_case) -> widgets.VBox:
    return eight_groups_app(course_case)


def settings(app: widgets.VBox) -> tuple[dict[str, float], list[str]]:
    staffing = {g: app.controls[f"staffing-{g}"].value / 100 for g in GROUPS}
    active = [g for g in GROUPS if app.controls[f"active-{g}"].value]
    return staffing, active


def assert_shows(app: widgets.VBox, course_case) -> None:
    staffing, active = settings(app)
    expected = team_outcome(course_case, "A01", staffing=staffing, active=active)
    assert app.values["cost"] == pytest.approx(expected.cost)
    assert app.values["retention_after"] == pytest.approx(expected.retention_after)
    assert app.values["clv_after"] == pytest.approx(expected.clv_after)
    assert app.values["net_value"] == pytest.approx(expected.net_value)
    assert app.values["break_even_uplift"] == pytest.approx(expected.break_even_uplift)
    html = app.outputs["summary"].value
    for text in (format_nok(expected.cost), format_percent(expected.retention_after), format_nok(expected.clv_after),
                 format_nok(expected.net_value, signed=True),
                 f"{expected.break_even_uplift * 100:.1f} pp",  # a difference of shares: percentage points
                 expected.stage_after):
        assert text in html
    assert app.message.level in ("", "warning")


def test_defaults_show_the_full_team(app: widgets.VBox, course_case) -> None:
    assert set(app.controls) == {f"active-{g}" for g in GROUPS} | {f"staffing-{g}" for g in GROUPS} | {"reset"}
    assert_shows(app, course_case)
    assert app.values["active_groups"] == 8.0
    assert app.live.widget.format == "jpeg" and bytes(app.live.widget.value[:3]) == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.parametrize("group", GROUPS)
def test_each_toggle(app: widgets.VBox, group: str, course_case) -> None:
    before = app.live.renders
    app.controls[f"active-{group}"].value = False
    assert_shows(app, course_case)
    assert app.controls[f"staffing-{group}"].disabled
    assert app.live.renders == before + 1
    app.controls[f"active-{group}"].value = True
    assert_shows(app, course_case)


@pytest.mark.parametrize(("group", "level"), [(g, lv) for g in GROUPS for lv in (50, 150)])
def test_each_staffing_slider(app: widgets.VBox, group: str, level: int, course_case) -> None:
    png = app.live.widget.value
    app.controls[f"staffing-{group}"].value = level
    assert_shows(app, course_case)
    assert app.live.widget.value != png
    app.controls[f"staffing-{group}"].value = 100


def test_reset_turns_everything_back_on(app: widgets.VBox, course_case) -> None:
    app.controls["active-A01-G2"].value = False
    app.controls["staffing-A01-G5"].value = 60
    app.controls["reset"].click()
    staffing, active = settings(app)
    assert active == GROUPS and set(staffing.values()) == {1.0}
    assert_shows(app, course_case)


def test_out_of_range_slider_values_are_clamped_not_raised(app: widgets.VBox, course_case) -> None:
    app.controls["staffing-A01-G1"].value = 10_000
    assert app.controls["staffing-A01-G1"].value == 150
    app.controls["staffing-A01-G1"].value = -5
    assert app.controls["staffing-A01-G1"].value == 50
    assert_shows(app, course_case)
    app.controls["staffing-A01-G1"].value = 100


def test_all_groups_off(app: widgets.VBox, course_case) -> None:
    for group in GROUPS:
        app.controls[f"active-{group}"].value = False
    assert app.values["cost"] == 0.0 and app.values["clv_gain"] == 0.0
    assert_shows(app, course_case)
    app.controls["reset"].click()


def test_a_model_error_shows_a_message_and_never_raises(monkeypatch: pytest.MonkeyPatch, course_case) -> None:
    app = eight_groups_app(course_case)
    shown = dict(app.values)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("staffing of A01-G1: expected a level of at least 0, found -1.")

    monkeypatch.setattr("kamlearn.widgets.eight_groups.team_outcome", broken)
    app.controls["staffing-A01-G1"].value = 70  # must not raise
    assert app.message.level == "error"
    assert "expected a level of at least 0" in app.message.text
    assert app.values == shown  # the last good numbers stay on screen
    monkeypatch.undo()
    app.controls["staffing-A01-G1"].value = 80
    assert app.message.level == ""


def test_loss_making_account_shows_a_warning(course_case) -> None:
    accounts = course_case.accounts
    accounts.loc["A01", "cost_to_serve_nok"] = 40_000_000.0
    losing = course_case.with_tables(accounts=accounts)
    app = eight_groups_app(losing, "A01")
    assert app.message.level == "warning"
    assert "no positive yearly margin" in app.message.text
    assert "n/a" in app.outputs["summary"].value


def test_other_account_and_own_case(course_case) -> None:
    other = str(course_case.initiatives["account_id"].iloc[-1])
    app = eight_groups_app(course_case, other)
    groups = list(course_case.initiatives.index[course_case.initiatives["account_id"] == other])
    assert {k for k in app.controls if k.startswith("active-")} == {f"active-{g}" for g in groups}
    assert app.values["cost"] == pytest.approx(team_outcome(course_case, other).cost)


def test_unknown_account_raises_when_built(course_case) -> None:
    with pytest.raises(KeyError, match="'A99' is not an account"):
        eight_groups_app(course_case, "A99")


def test_every_control_has_a_css_class(app: widgets.VBox) -> None:
    assert css_class("eight-groups") in app._dom_classes
    for name, control in app.controls.items():
        assert css_class("eight-groups", name) in control._dom_classes
    assert "kamlearn-eight-groups-staffing-a01-g3" in app.controls["staffing-A01-G3"]._dom_classes
    assert css_class("eight-groups", "message") in app.message._dom_classes
    assert css_class("eight-groups", "figure") in app.live.widget._dom_classes


def test_common_helpers() -> None:
    assert css_class("My App", "Slider 1") == "kamlearn-my-app-slider-1"
    with pytest.raises(ValueError, match="css name"):
        css_class("app", "--")
    assert tag(widgets.Button(), "a", "b")._dom_classes == ("kamlearn-a-b",)
    assert format_nok(float("inf")) == "n/a" and format_percent(float("nan")) == "n/a"
    message = MessageArea("t")
    message.warning("careful <b>")
    assert message.level == "warning" and "&lt;b&gt;" in message.value
    with pytest.raises(ValueError, match="level"):
        message.show("x", "fatal")
    message.clear()
    assert message.value == "" and message.text == ""
    live = LiveFigure("t")
    (line,) = live.ax.plot([0, 1], [0, 1])
    live.animate(line)
    live.redraw()
    first = live.widget.value
    line.set_ydata([1, 0])
    live.redraw()
    assert live.renders == 2 and live.widget.value != first
    two = LiveFigure("t", ncols=2)
    with pytest.raises(AttributeError, match="several Axes"):
        _ = two.ax
