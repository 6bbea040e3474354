"""What each widget app shows, computed independently with kamlearn's models, and how to move its controls.

A browser test reads every control of an app from the page (slider readouts, check boxes, drop-downs),
computes with kamlearn the numbers the app must show for those settings, and waits until the page
shows them.  ``SPECS`` holds one entry per app (the function's name in :mod:`kamlearn.widgets`); an
app without an entry is still tested, against a headless copy of itself (``expected_from_headless``).

The numbers are formatted with kamlearn's one formatter (``kamlearn._format.mnok``, ``percent``), which
exist so that tests can compare text with text; the values come from the models, never from the app.
"""

from __future__ import annotations

import dataclasses
import html
import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Settings = dict[str, Any]


@dataclass(frozen=True)
class AppSpec:
    """How to test one app: which controls to try moving, and what it must show for given settings."""

    moves: tuple[str, ...]
    expected: Callable[[Any, Settings], dict[str, list[str]]]  # (case, settings) -> {output key: texts}


# ----------------------------------------------------------------------------------------------
# the expected numbers, from the models
# ----------------------------------------------------------------------------------------------


def _fmt() -> tuple[Callable[..., str], Callable[..., str]]:
    from kamlearn._format import mnok as format_nok
    from kamlearn._format import percent as format_percent

    return format_nok, format_percent


_CAPACITY_KEY = re.compile(r"capacity[:\-_ ](.+)")


def allocation_expected(case: Any, settings: Settings) -> dict[str, list[str]]:
    """The optimal (or chosen policy's) plan for the capacities on the sliders."""
    from kamlearn.allocation import allocate

    format_nok, format_percent = _fmt()
    capacities = {}
    for key, value in settings.items():
        found = _CAPACITY_KEY.fullmatch(key)
        if found and found.group(1) in case.resources.index:
            capacities[found.group(1)] = float(value)
    assert capacities, f"no capacity controls among {sorted(settings)}"
    plan = allocate(case.with_capacity(capacities), settings.get("policy", "optimal"))
    utilisation = [format_percent(float(u)) for u in plan.resources["utilisation"]]
    return {
        "summary": [f"value created {format_nok(plan.value_nok)}", f"{len(plan.selected)} project groups"],
        "resources": utilisation,
    }


def eight_groups_expected(case: Any, settings: Settings) -> dict[str, list[str]]:
    """The flagship's customer team with the groups switched on and staffed as on the controls."""
    from kamlearn.groups import flagship_account, team_outcome

    format_nok, format_percent = _fmt()
    groups = [k.removeprefix("active-") for k in settings if k.startswith("active-")]
    staffing = {g: float(settings[f"staffing-{g}"]) / 100.0 for g in groups}
    active = [g for g in groups if settings[f"active-{g}"]]
    out = team_outcome(case, flagship_account(case), staffing=staffing, active=active)
    return {
        "summary": [
            format_nok(out.cost),
            format_percent(out.retention_after),
            format_nok(out.clv_after),
            format_nok(out.net_value, signed=True),
        ]
    }


def authority_expected(case: Any, settings: Settings) -> dict[str, list[str]]:
    """One simulated limit at the delay on the slider (the app's default seed and horizon)."""
    import kamlearn
    from kamlearn.widgets import authority as module

    format_nok, format_percent = _fmt()
    defaults = inspect.signature(module.authority_simulator).parameters
    params = dataclasses.replace(kamlearn.AuthorityParams(), delay_mean_days=float(settings["delay"]))
    result = kamlearn.simulate_authority(
        case, float(settings["limit"]), params, seed=defaults["seed"].default, years=defaults["years"].default
    )
    metrics = result.metrics
    return {
        "summary": [
            f"{float(settings['limit']):,.0f} NOK",
            format_percent(metrics["share_decided_at_once"]),
            f"mean wait {metrics['mean_delay_days']:.1f} days",
            f"Lifetime value change {format_nok(metrics['value_change_nok'], signed=True)}",
        ]
    }


def key_accounts_expected(case: Any, settings: Settings) -> dict[str, list[str]]:
    """The ABC analysis with class A ending at the slider's share, ranked as chosen."""
    import kamlearn
    from kamlearn.widgets import key_accounts as module

    _, format_percent = _fmt()
    a_cut = float(settings["threshold"])
    abc = kamlearn.abc_analysis(case, thresholds=(a_cut, module.b_threshold(a_cut)), by=module.RANKINGS[settings["ranking"]])
    key = abc.index[abc["abc_class"] == "A"]
    share = float(abc.loc[abc["abc_class"] == "A", "share"].sum())
    groups = int(case.initiatives["account_id"].isin(key).sum())
    return {
        "summary": [f"{len(key)} key accounts", format_percent(share), f"{groups} candidate project groups"],
    }


def response_expected(case: Any, settings: Settings) -> dict[str, list[str]]:
    """Equal marginal returns over the pool of hours, with the case's judged estimates."""
    from kamlearn.effort import judged_estimates, plan_effort

    format_nok, _ = _fmt()
    plan = plan_effort(judged_estimates(case), float(settings["hours"]))
    hours = float(plan.table.loc[settings["account"], "hours"])
    return {
        "summary": [
            f"plan {hours:,.0f}",
            f"{plan.total_hours:,.0f} hours",
            format_nok(plan.total_response),
            f"earns {plan.marginal_return:,.0f} NOK",
        ]
    }


SPECS: dict[str, AppSpec] = {
    "allocation_explorer": AppSpec(
        moves=("capacity:product_dev_hours", "capacity:logistics_hours", "capacity:it_hours", "policy"),
        expected=allocation_expected,
    ),
    "eight_groups_app": AppSpec(moves=("staffing-A01-G1", "active-A01-G1"), expected=eight_groups_expected),
    "authority_simulator": AppSpec(moves=("limit", "delay"), expected=authority_expected),
    "response_calibrator": AppSpec(moves=("hours", "account"), expected=response_expected),
    "key_accounts_app": AppSpec(moves=("threshold", "ranking"), expected=key_accounts_expected),
}


# ----------------------------------------------------------------------------------------------
# apps without a spec: the same app, headless, with the same settings
# ----------------------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def html_numbers(value: str) -> list[str]:
    """The numbers in an HTML output's visible text (what a test can compare across renderers)."""
    return _NUMBER.findall(html.unescape(_TAGS.sub(" ", value)))


def expected_from_headless(function: Callable[[], Any]) -> Callable[[Any, Settings], dict[str, list[str]]]:
    """For an app without a spec: a fresh headless copy set to the same settings shows the expected numbers."""

    def expected(case: Any, settings: Settings) -> dict[str, list[str]]:
        app = function()
        for key, value in settings.items():
            control = app.controls[key]
            if control.value != value:
                control.value = value
        shown: dict[str, list[str]] = {}
        for key, widget in app.outputs.items():
            value = getattr(widget, "value", None)
            if isinstance(value, str) and value:
                shown[key] = html_numbers(value)
        return shown

    return expected


# ----------------------------------------------------------------------------------------------
# discovering the apps and their controls
# ----------------------------------------------------------------------------------------------


def discover_apps() -> tuple[dict[str, str], str | None]:
    """The app functions of :mod:`kamlearn.widgets` by name, with the module that defines each.

    An app is a public function annotated to return ``App``; the package and its public submodules
    are searched, so an app is tested as soon as its module lands, before it is re-exported.
    """
    import importlib
    import pkgutil

    try:
        import kamlearn.widgets as package
    except Exception as exc:  # reported by a test, never a collection error for the unit run
        return {}, f"import kamlearn.widgets failed: {type(exc).__name__}: {exc}"
    modules = [package]
    problems = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        try:
            modules.append(importlib.import_module(f"kamlearn.widgets.{info.name}"))
        except Exception as exc:
            problems.append(f"import kamlearn.widgets.{info.name} failed: {type(exc).__name__}: {exc}")
    apps: dict[str, str] = {}
    for module in modules:
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj) or not obj.__module__.startswith("kamlearn.widgets"):
                continue
            signature = inspect.signature(obj)
            returns = signature.return_annotation
            callable_bare = all(
                p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in signature.parameters.values()
            )
            if callable_bare and (returns == "App" or getattr(returns, "__name__", "") == "App"):
                apps.setdefault(name, obj.__module__)
    return dict(sorted(apps.items())), "; ".join(problems) or None


def app_function(name: str) -> Callable[..., Any]:
    import importlib

    apps, _ = discover_apps()
    return getattr(importlib.import_module(apps[name]), name)


def spec_for(name: str) -> AppSpec:
    if name in SPECS:
        return SPECS[name]
    function = app_function(name)
    app = function()
    moves = tuple(k for k, w in app.controls.items() if control_kind(w) is not None)
    return AppSpec(moves=moves, expected=expected_from_headless(function))


def control_kind(widget: Any) -> str | None:
    import ipywidgets as widgets

    if isinstance(widget, widgets.IntSlider | widgets.FloatSlider):
        return "slider"
    if isinstance(widget, widgets.Checkbox):
        return "checkbox"
    if isinstance(widget, widgets.Dropdown):
        return "dropdown"
    return None


def control_class(widget: Any) -> str:
    classes = [c for c in widget._dom_classes if c.startswith("kamlearn-")]
    if not classes:
        raise AssertionError(f"control {widget!r} has no kamlearn-* CSS class")
    return classes[0]


def settings_of(app: Any) -> Settings:
    return {k: w.value for k, w in app.controls.items() if control_kind(w) is not None}


def _slug(name: str) -> str:
    """Control keys compared loosely: ``capacity:it_hours`` and ``capacity-it-hours`` are the same control."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class Move:
    key: str
    kind: str
    css: str
    presses: int  # ArrowRight presses (sliders)
    target: Any  # the value the control should reach
    label: str = ""  # the option's label (drop-downs)


def choose_move(
    app: Any, spec: AppSpec, case: Any, settings: Settings, kinds: tuple[str, ...] = ("slider", "checkbox", "dropdown")
) -> tuple[Move, dict[str, list[str]]]:
    """A move among ``spec.moves`` that changes what the app must show; and what it must show before.

    A move that changes the headline output (the first key ``spec.expected`` returns) wins over one
    that changes only the other outputs.
    """
    before = spec.expected(case, settings)
    headline = next(iter(before))
    fallback: Move | None = None
    by_slug = {_slug(key): key for key in app.controls}
    for name in spec.moves:
        key = by_slug.get(_slug(name), name)
        widget = app.controls.get(key)
        kind = control_kind(widget) if widget is not None else None
        if kind not in kinds:
            continue
        current = settings[key]
        if kind == "slider":
            # The browser's slider snaps to min + k * step: from a value off that grid, the first
            # ArrowRight goes to the next grid point.
            below = math.floor((current - widget.min) / widget.step + 1e-9)
            grid = [widget.min + (below + n) * widget.step for n in (1, 3, 8)]
            candidates = [(n, g) for n, g in zip((1, 3, 8), grid, strict=True) if g <= widget.max]
        elif kind == "checkbox":
            candidates = [(0, not current)]
        else:
            candidates = [(0, option) for option in widget._options_values if option != current]
        for presses, target in candidates:
            after = spec.expected(case, {**settings, key: target})
            label = str(widget._options_labels[list(widget._options_values).index(target)]) if kind == "dropdown" else ""
            move = Move(key, kind, control_class(widget), presses, target, label)
            if after.get(headline) != before.get(headline):
                return move, before
            if after != before and fallback is None:
                fallback = move
    if fallback is not None:
        return fallback, before
    raise LookupError(f"none of the controls {spec.moves} of kind {kinds} changes what the app shows")
