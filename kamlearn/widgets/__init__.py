"""Interactive apps for the course and for analysts: ipywidgets wiring only.

Every number an app shows comes from kamlearn's models; an app computes
nothing itself.  Each app is a function that takes a Case (the embedded case
company by default) and returns one widget; every control carries a CSS class
(``kamlearn-...``) so browser tests can find it; no setting raises: an
impossible one shows a message instead.
"""

from __future__ import annotations

__all__: list[str] = []

# --- eight groups and common (course helper 1) ---
from kamlearn.widgets.eight_groups import eight_groups_app
from kamlearn.widgets.key_accounts import key_accounts_app

__all__ += ["eight_groups_app", "key_accounts_app"]

# --- allocation, authority, response (course helper 2) ---
from kamlearn.widgets.allocation import allocation_explorer  # noqa: E402
from kamlearn.widgets.authority import authority_simulator  # noqa: E402
from kamlearn.widgets.response import response_calibrator  # noqa: E402

__all__ += ["allocation_explorer", "authority_simulator", "response_calibrator"]

# --- projector look and the instructor dashboard (pictures helper) ---
from kamlearn.widgets._common import presenter_mode  # noqa: E402
from kamlearn.widgets.dashboard import dashboard  # noqa: E402

__all__ += ["dashboard", "presenter_mode"]
