"""Every kamlearn result follows one protocol (kamlearn._result.Result): summary, _repr_html_, to_frame, plot(kind, ax)."""

from __future__ import annotations

import inspect
from typing import Any

import matplotlib
import pandas as pd
import pytest

import kamlearn
from kamlearn._result import Result

matplotlib.use("Agg")


def _results(case: kamlearn.Case) -> dict[str, Any]:
    staffing = kamlearn.assign_staff(case, ["A01-G3", "A01-G8", "A02-G1"])
    estimates = kamlearn.judged_estimates(case)
    effort = kamlearn.plan_effort(estimates)
    return {
        "StaffingPlan": staffing,
        "StaffingChange": kamlearn.key_person_risk(staffing, "P08", (4, 6)),
        "EffortPlan": effort,
        "ResponsePlan": effort.allocation,
        "AuthorityResult": kamlearn.simulate_authority(case, years=3),
        "LimitSweep": kamlearn.sweep_limits(case, [0, 50_000], years=3),
        "TeamOutcome": kamlearn.team_outcome(case, "A01"),
    }


@pytest.fixture(scope="module")
def results(course_case: kamlearn.Case) -> dict[str, Any]:
    return _results(course_case)


@pytest.mark.parametrize(
    "name", ["StaffingPlan", "StaffingChange", "EffortPlan", "ResponsePlan", "AuthorityResult", "LimitSweep", "TeamOutcome"]
)
def test_every_result_follows_the_protocol(results: dict[str, Any], name: str) -> None:
    result = results[name]
    assert type(result).__name__ == name
    assert isinstance(result, Result)
    summary = result.summary()
    assert isinstance(summary, str) and summary.strip()
    html = result._repr_html_()
    assert html.startswith("<div><pre>") and "<table" in html
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame)
    first = frame.columns[0]
    frame[first] = "changed"  # a copy: the result is unchanged
    assert not (result.to_frame()[first] == "changed").all()
    parameters = list(inspect.signature(result.plot).parameters)
    assert parameters[:2] == ["kind", "ax"]
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    try:
        assert result.plot(ax=ax) is ax
        with pytest.raises(ValueError, match=r"kind: expected one of '.*', found 'pie'"):
            result.plot(kind="pie", ax=ax)
    finally:
        plt.close(figure)


def test_the_allocation_plan_offers_the_four_ways_out(course_plan: Any) -> None:
    # Plan is the allocation engineer's; it has the four methods already (the kind-first signature lands with them)
    for method in ("summary", "_repr_html_", "to_frame", "plot"):
        assert callable(getattr(course_plan, method))
    assert isinstance(course_plan.summary(), str)
    assert isinstance(course_plan.to_frame(), pd.DataFrame)


def test_the_limit_sweep_still_takes_the_axes_first_with_a_warning(results: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    try:
        with pytest.warns(DeprecationWarning, match=r"LimitSweep.plot\(ax\) is deprecated"):
            assert results["LimitSweep"].plot(ax) is ax
    finally:
        plt.close(figure)


def test_old_effort_allocation_name_warns_and_is_the_response_plan() -> None:
    from kamlearn import response

    with pytest.warns(DeprecationWarning, match="EffortAllocation is now ResponsePlan"):
        assert response.EffortAllocation is kamlearn.ResponsePlan
    with pytest.warns(DeprecationWarning, match="kamlearn.EffortAllocation is now kamlearn.ResponsePlan"):
        assert kamlearn.EffortAllocation is kamlearn.ResponsePlan


def test_the_allocation_plan_raises_on_an_unknown_kind(course_plan: Any) -> None:
    import matplotlib.pyplot as plt

    assert list(inspect.signature(course_plan.plot).parameters)[:2] == ["kind", "ax"]
    figure, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match=r"kind: expected one of 'utilisation', 'allocation', found 'pie'"):
            course_plan.plot(kind="pie", ax=ax)
        assert course_plan.plot(kind="allocation", ax=ax) is ax
    finally:
        plt.close(figure)


@pytest.mark.parametrize(
    "name", ["StaffingPlan", "StaffingChange", "EffortPlan", "ResponsePlan", "AuthorityResult", "LimitSweep", "TeamOutcome"]
)
def test_every_result_plot_returns_what_it_drew(results: dict[str, Any], name: str) -> None:
    import matplotlib.pyplot as plt

    from kamlearn.plotting import Drawn, drawn

    ax = results[name].plot()
    try:
        shown = drawn(ax)
        assert isinstance(shown, Drawn) and shown.ax_ is ax and shown.figure_ is ax.figure
        assert shown.artists and all(key.isidentifier() for key in shown.artists)
    finally:
        plt.close(ax.figure)


def test_bar_plot_is_the_plotting_package_s_bars() -> None:
    import matplotlib.pyplot as plt

    from kamlearn._result import bar_plot
    from kamlearn.plotting import drawn

    ax = bar_plot(pd.Series([2.0, -1.0, 4.0], index=["a", "b", "c"]), None, title="Title", xlabel="Hours")
    try:
        bars = drawn(ax)["bars"]
        assert [float(b.get_width()) for b in bars] == [2.0, -1.0, 4.0]
        assert (ax.get_title(), ax.get_xlabel()) == ("Title", "Hours")
        assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    finally:
        plt.close(ax.figure)
