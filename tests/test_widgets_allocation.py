"""Headless tests of the allocation explorer: set each control, compare what it shows with kamlearn."""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamlearn._format import mnok as format_nok
from kamlearn._format import percent as format_percent
from kamlearn.allocation import POLICIES, allocate
from kamlearn.widgets import allocation_explorer
from kamlearn.widgets._common import css_class
from kamlearn.widgets.allocation import capacity_step, format_price


@pytest.fixture(scope="module")
def course_resources(course_case) -> list[str]:
    """The resource ids of the course case, in its order."""
    return list(course_case.resources.index)


@pytest.fixture(scope="module")
def app(course_case) -> widgets.VBox:
    return allocation_explorer(course_case)


def capacities(app: widgets.VBox, course_resources) -> dict[str, float]:
    return {r: app.controls[f"capacity-{r}"].value for r in course_resources}


def assert_shows(app: widgets.VBox, course_case, course_resources) -> None:
    what_if = course_case.with_capacity(capacities(app, course_resources))
    policy = app.controls["policy"].value
    plan = allocate(what_if, policy)
    assert app.values["total_value"] == pytest.approx(plan.value_nok)
    assert app.values["groups"] == len(plan.selected)
    assert app.result.selected == plan.selected
    summary = app.outputs["summary"].value
    assert format_nok(plan.value_nok) in summary
    table = app.outputs["resources"].value
    for rid, row in plan.resources.iterrows():
        for column in ("used", "capacity", "utilisation"):
            assert app.values[f"{column}-{rid}"] == pytest.approx(float(row[column])), (rid, column)
        price = float(row["shadow_price"])
        shown = app.values[f"shadow_price-{rid}"]
        assert (math.isnan(price) and math.isnan(shown)) or shown == pytest.approx(price, abs=1e-6)
        assert format_percent(float(row["utilisation"])) in table
        assert format_price(price, str(row["unit"])) in table
    if policy != "optimal":
        best = allocate(what_if, "optimal")
        assert app.values["left_on_table"] == pytest.approx(best.value_nok - plan.value_nok)
        assert format_nok(best.value_nok - plan.value_nok) in summary
    assert app.message.level in ("", "info")


def test_defaults_show_the_optimal_plan(app: widgets.VBox, course_case, course_resources) -> None:
    assert set(app.controls) == {"policy", "reset", "value-of-more"} | {f"capacity-{r}" for r in course_resources}
    assert app.controls["policy"].value == "optimal"
    assert capacities(app, course_resources) == course_case.resources["capacity"].to_dict()
    assert_shows(app, course_case, course_resources)
    assert app.live.widget.format == "jpeg" and bytes(app.live.widget.value[:3]) == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.parametrize("policy", POLICIES[1:])
def test_policy_chooser(app: widgets.VBox, policy: str, course_case, course_resources) -> None:
    app.controls["policy"].value = policy
    assert_shows(app, course_case, course_resources)
    assert app.values["left_on_table"] >= -1e-6
    app.controls["policy"].value = "optimal"


def test_each_capacity_slider(app: widgets.VBox, course_resource: str, course_case, course_resources) -> None:
    resource = course_resource  # every resource of the course case (tests/conftest.py parametrizes it)
    slider = app.controls[f"capacity-{resource}"]
    before = app.live.renders
    slider.value = round(slider.value * 1.5 / slider.step) * slider.step
    assert_shows(app, course_case, course_resources)
    assert app.live.renders == before + 1
    slider.value = 0.0
    assert_shows(app, course_case, course_resources)
    app.controls["reset"].click()
    assert capacities(app, course_resources) == course_case.resources["capacity"].to_dict()
    assert_shows(app, course_case, course_resources)


def test_more_of_the_bottleneck_lowers_its_price(app: widgets.VBox, course_resources) -> None:
    bottleneck = max(course_resources, key=lambda r: app.values[f"shadow_price-{r}"])
    price = app.values[f"shadow_price-{bottleneck}"]
    slider = app.controls[f"capacity-{bottleneck}"]
    slider.value = slider.max
    assert app.values[f"shadow_price-{bottleneck}"] <= price
    app.controls["reset"].click()


def test_nothing_fits_shows_a_note(app: widgets.VBox) -> None:
    app.controls["capacity-kam_hours"].value = 0.0
    assert app.values["groups"] == 0
    assert app.message.level == "info"
    app.controls["reset"].click()
    assert app.message.level == ""


def test_a_bad_setting_shows_a_message_and_keeps_the_last_plan(app: widgets.VBox, course_case, course_resources) -> None:
    shown = dict(app.values)
    app.controls["capacity-budget"].value = float("nan")  # no slider sends this; it must not raise
    assert app.message.level == "error"
    assert app.values == shown
    app.controls["reset"].click()
    assert app.message.level == ""
    assert_shows(app, course_case, course_resources)


def test_every_control_has_its_css_class(app: widgets.VBox) -> None:
    for name, control in app.controls.items():
        assert css_class("allocation", name.replace("-", " ")) in control._dom_classes, name
    assert "kamlearn-allocation" in app._dom_classes
    assert "kamlearn-allocation-capacity-it-hours" in app.controls["capacity-it_hours"]._dom_classes


def test_a_subset_of_policies_and_resources(course_case) -> None:
    small = allocation_explorer(course_case, policies=["optimal"], resources=["it_hours"])
    assert set(small.controls) == {"policy", "reset", "value-of-more", "capacity-it_hours"}
    small.controls["capacity-it_hours"].value = 300.0
    plan = allocate(course_case.with_capacity(it_hours=300.0))
    assert small.values["total_value"] == pytest.approx(plan.value_nok)
    assert "left_on_table" not in small.values


def test_works_on_an_analysts_own_case() -> None:
    from kamlearn.synthetic import synthetic_case

    own = synthetic_case(10, 3, 3, seed=2)
    explorer = allocation_explorer(own, policy="greedy")
    assert explorer.values["total_value"] == pytest.approx(allocate(own, "greedy").value_nok)
    rid = str(own.resources.index[1])
    explorer.controls[f"capacity-{rid}"].value = explorer.controls[f"capacity-{rid}"].max
    expected = allocate(own.with_capacity({rid: explorer.controls[f"capacity-{rid}"].value}), "greedy")
    assert explorer.values["total_value"] == pytest.approx(expected.value_nok)


def test_bad_arguments_raise_before_the_app_exists(course_case) -> None:
    with pytest.raises(ValueError, match="policy: expected one of"):
        allocation_explorer(course_case, policy="lottery")
    with pytest.raises(ValueError, match="resources: expected resource ids"):
        allocation_explorer(course_case, resources=["coffee"])
    with pytest.raises(ValueError, match="policies: expected at least one"):
        allocation_explorer(course_case, policies=[])


def test_helpers() -> None:
    assert capacity_step(3) == 1.0
    assert capacity_step(1_800) == 10.0
    assert capacity_step(float("nan")) == 1.0
    assert format_price(float("nan"), "hours") == "—"
    assert format_price(1234.4, "slots") == "LP 1,234 NOK / slot"
    assert format_price(0.5, "NOK") == "LP 0.50 NOK / NOK"
    assert format_price(0.0, "NOK") == "not scarce"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_slider_value_raises(app: widgets.VBox, data: st.DataObject, course_resources) -> None:
    resource = data.draw(st.sampled_from(course_resources))
    slider = app.controls[f"capacity-{resource}"]
    slider.value = data.draw(st.floats(-1e7, 1e8))  # the slider clamps to its range
    app.controls["policy"].value = data.draw(st.sampled_from(list(POLICIES)))
    assert app.message.level in ("", "info")
    used = [app.values[f"used-{r}"] for r in course_resources]
    capacity = [app.values[f"capacity-{r}"] for r in course_resources]
    assert all(u <= c + 1e-6 for u, c in zip(used, capacity, strict=True))
    app.controls["reset"].click()
    app.controls["policy"].value = "optimal"


def test_value_of_more_capacity_on_a_button(app: widgets.VBox) -> None:
    app.controls["reset"].click()
    table = app.outputs["value_of_more"]
    assert table.value == ""  # not computed on every slider move
    app.controls["value-of-more"].click()
    expected = app.result.marginal_values()
    for rid, row in expected.iterrows():
        assert f"kamlearn-allocation-more-{rid}" in table.value
        assert html.escape(str(row["verdict"])) in table.value
    assert "discounted over 5 years" in table.value
    slider = app.controls["capacity-it_hours"]
    slider.value = slider.value + slider.step
    assert table.value == ""  # the plan changed: the old values are not shown next to it
    app.controls["reset"].click()


def test_the_next_step_is_solved_ahead_and_shows_the_cold_answer(course_case, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moving a slider, the explorer solves one step further ahead; getting there shows what a cold app shows."""
    import kamlearn.allocation

    solved: list[float] = []
    real = kamlearn.allocation.allocate

    def counting(case, policy="optimal", **kwargs):
        if policy == "optimal":
            solved.append(float(case.resources.loc["kam_hours", "capacity"]))
        return real(case, policy, **kwargs)

    monkeypatch.setattr(kamlearn.allocation, "allocate", counting)
    app = allocation_explorer(course_case)
    slider = app.controls["capacity-kam_hours"]
    start, step = float(slider.value), float(slider.step)
    solved.clear()
    slider.value = start - step  # down one step: that plan, and the one a step further down
    assert solved == [start - step, start - 2 * step]
    slider.value = start - 2 * step  # ready: only the step after it is solved
    assert solved == [start - step, start - 2 * step, start - 3 * step]
    warm = dict(app.values)
    cold = allocation_explorer(course_case.with_capacity(kam_hours=start - 2 * step))
    assert warm["total_value"] == cold.values["total_value"]
    assert {k: v for k, v in warm.items() if not k.startswith("capacity-kam_hours")} == {
        k: v for k, v in cold.values.items() if not k.startswith("capacity-kam_hours")}
    app.controls["policy"].value = "equal"  # a rule: nothing is solved ahead
    solved.clear()
    slider.value = start - 3 * step  # its optimum ("left on the table") was solved ahead; nothing further is
    assert solved == []
    assert app.values["optimal_value"] == allocation_explorer(
        course_case.with_capacity(kam_hours=start - 3 * step)).values["total_value"]
