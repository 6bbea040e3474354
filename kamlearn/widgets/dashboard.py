"""The instructor dashboard (``make present``): every app in a tab, large type, nothing above the tabs.

The apps are built when their tab is first opened, so the first picture is on
screen after one app is built rather than five (the first load of the
dashboard in Voila was 26 s with all apps built up front).

Examples
--------
>>> board = dashboard(lazy=True)
>>> [title for title in board.tabs.titles][:2]
['Key accounts', 'Eight project groups']
>>> board.built()
['Key accounts']
>>> board.tabs.selected_index = 3
>>> board.built()
['Key accounts', 'Authority simulator']
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kamlearn.i18n import _, lazy_gettext
from kamlearn.widgets._common import PRESENTER_CSS

__all__ = ["ABOUT_TAG", "TABS", "TAB_TITLES", "Dashboard", "about_from_notebook", "dashboard"]

TABS: dict[str, str] = {
    "Key accounts": "key_accounts_app",
    "Eight project groups": "eight_groups_app",
    "Allocation explorer": "allocation_explorer",
    "Authority simulator": "authority_simulator",
    "Response calibrator": "response_calibrator",
}
"""The dashboard's app tabs in teaching order: tab title (English, the key of ``Dashboard.apps``) -> app function."""

TAB_TITLES = {
    "Key accounts": lazy_gettext("Key accounts"),
    "Eight project groups": lazy_gettext("Eight project groups"),
    "Allocation explorer": lazy_gettext("Allocation explorer"),
    "Authority simulator": lazy_gettext("Authority simulator"),
    "Response calibrator": lazy_gettext("Response calibrator"),
    "About": lazy_gettext("About"),
}
"""What each tab shows as its title, in the language in force when the dashboard is built."""

ABOUT_TAG = "kamlearn-about"
"""Markdown cells with this tag go into the dashboard's About tab (and are hidden above the tabs in Voila)."""

_HIDE_ABOUT_CELLS = f"<style>.celltag_{ABOUT_TAG} {{ display: none !important; }}</style>"


def about_from_notebook(path: str | Path, tag: str = ABOUT_TAG) -> str:
    """The HTML of a notebook's markdown cells that carry ``tag`` (for the About tab).

    Parameters
    ----------
    path
        The notebook (``.ipynb``).
    tag
        The cell tag to look for.

    Returns
    -------
    str
        HTML; markdown is converted with mistune (which Jupyter installs),
        or shown as preformatted text when mistune is missing.  Empty when
        the file or the cells are missing.
    """
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return ""
    texts = ["".join(c.get("source", "")) for c in cells
             if c.get("cell_type") == "markdown" and tag in c.get("metadata", {}).get("tags", [])]
    text = "\n\n".join(texts)
    try:
        import mistune

        return str(mistune.html(text))
    except ImportError:  # pragma: no cover - Jupyter brings mistune
        return f"<pre style='white-space:pre-wrap'>{html.escape(text)}</pre>"


def _tab_title(title: str) -> str:
    known = TAB_TITLES.get(title)
    return str(known) if known is not None else title


class Dashboard(widgets.VBox):
    """A tab per app, built on first view; the About tab last.

    Attributes
    ----------
    tabs : ipywidgets.Tab
    apps : dict
        The apps built so far, by tab title.
    """

    def __init__(self, builders: Mapping[str, Callable[[], widgets.Widget]], about: str, *, lazy: bool = True,
                 **kwargs: Any) -> None:
        self._builders = dict(builders)
        self.apps: dict[str, widgets.Widget] = {}
        titles = [_tab_title(title) for title in [*self._builders, "About"]]
        panes: list[widgets.Widget] = [
            widgets.HTML("<p>" + html.escape(_("Opening {app} ...").format(app=_tab_title(title))) + "</p>")
            for title in self._builders
        ]
        about_pane = widgets.HTML(f"<div class='kamlearn-about' style='max-width:60em'>{about}</div>")
        about_pane.add_class("kamlearn-dashboard-about")
        self.tabs = widgets.Tab(children=[*panes, about_pane], titles=titles)
        self.tabs.add_class("kamlearn-dashboard-tabs")
        style = widgets.HTML(PRESENTER_CSS + _HIDE_ABOUT_CELLS + _TAB_CSS, layout=widgets.Layout(height="0px"))
        super().__init__([style, self.tabs], layout=widgets.Layout(width="100%"), **kwargs)
        self.add_class("kamlearn-dashboard")
        self.add_class("kamlearn-presenting")
        self.tabs.observe(self._on_select, names="selected_index")
        if lazy:
            self._build(0)
        else:
            for index in range(len(self._builders)):
                self._build(index)

    def built(self) -> list[str]:
        """The titles of the apps built so far."""
        return list(self.apps)

    def _build(self, index: int | None) -> None:
        titles = list(self._builders)
        if index is None or index >= len(titles) or titles[index] in self.apps:
            return
        title = titles[index]
        app = self._builders[title]()
        self.apps[title] = app
        children = list(self.tabs.children)
        children[index] = app
        self.tabs.children = children

    def _on_select(self, change: Mapping[str, Any]) -> None:
        self._build(change["new"])


_TAB_CSS = """<style>
.kamlearn-dashboard .lm-TabBar-tab { flex: 0 1 auto !important; min-width: 0 !important; max-width: none !important;
  padding: 0 14px; }
.kamlearn-dashboard .lm-TabBar-tabLabel { overflow: visible; text-overflow: clip; }
</style>"""


def dashboard(case: Any = None, *, about: str = "", lazy: bool = True) -> Dashboard:
    """The instructor dashboard: the course's five apps in tabs, in teaching order, and an About tab.

    Parameters
    ----------
    case
        The company; the embedded case company when None.
    about
        HTML for the About tab (for example :func:`about_from_notebook`).
    lazy
        Build each app when its tab is first opened (fast first load); False builds all at once.

    Returns
    -------
    Dashboard
        An ipywidgets VBox with the projector look (large type).
    """
    import kamlearn.widgets as apps

    if case is None:
        from kamlearn.case import load_case

        case = load_case()

    def builder(function: str) -> Callable[[], widgets.Widget]:
        return lambda: getattr(apps, function)(case)

    builders = {title: builder(function) for title, function in TABS.items()}
    return Dashboard(builders, about, lazy=lazy)
