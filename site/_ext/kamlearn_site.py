"""Sphinx extension of the course website: a link on every notebook page to the same notebook in JupyterLite."""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx


def lite_href(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    """The JupyterLite URL of ``pagename``'s notebook, relative to the page unless the setting is a full URL."""
    base = str(app.config.kamlearn_lite_url).rstrip("/")
    target = f"{base}/lab/index.html"
    if not base.startswith(("http://", "https://", "/")):
        target = context["pathto"](target, 1)
    return f"{target}?path={pagename.split('/')[-1]}.ipynb"


def add_lite_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if doctree is None or pagename not in app.env.all_docs:
        return
    if not str(app.env.doc2path(pagename)).endswith(".ipynb"):
        return
    href = html.escape(lite_href(app, pagename, context), quote=True)
    banner = (
        '<div class="admonition tip kamlearn-lite-link"><p class="admonition-title">Run it yourself</p>'
        f'<p>This page shows the notebook with its stored results. <a class="reference external" href="{href}">'
        "Open it in JupyterLite</a> to run it in your browser, with nothing to install.</p></div>"
    )
    context["body"] = banner + context.get("body", "")


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Leave out sphinx-thebe's scripts: Jupyter Book 1 always loads it (its inline script twice, a page error),
    and live code cells would need a kernel from outside the site anyway."""

    def thebe(asset: Any) -> bool:
        body = getattr(asset, "attributes", {}).get("body", "") if hasattr(asset, "attributes") else ""
        return "thebe" in str(getattr(asset, "filename", asset)) or "THEBE_JS_URL" in str(body)

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not thebe(asset)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("kamlearn_lite_url", "lite", "html")
    app.connect("html-page-context", add_lite_link)
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
