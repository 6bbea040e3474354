"""Every text kamlearn shows a person is marked for translation.

``tests/test_i18n_catalogue.py`` checks that every *marked* text has a bokmål translation; this test checks the
other half: that text is marked at all.  It reads the package's source (no import) and finds text in the
places a person reads it: the message of a raised exception, the text of a warning or a house-style check
(``fail``), plot titles, axis labels and annotations, and the ``description``, ``tooltip``, ``placeholder``,
``title``, ``label`` and ``caption`` of widgets and plot elements.  Such text must be a call of ``_``,
``gettext``, ``ngettext``, ``pgettext``, ``npgettext`` or ``lazy_gettext``, or a variable (already translated
where it was made).  An f-string there cannot be extracted for translation at all.  A literal that is not
for a person (an id, ``"_nolegend_"``) carries the comment ``# i18n: not text`` on its line.

Summaries, memos and HTML built in other ways are not found by this check; the bokmål tests of each module
(``tests/test_i18n_*.py``) cover those.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kamlearn"
MARKERS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext"}
METHODS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate", "set_text", "set_label",
           "fail", "warn"}
KEYWORDS = {"description", "tooltip", "placeholder", "title", "label", "xlabel", "ylabel", "caption"}
WORDS = re.compile(r"[A-Za-z]{2,}")
SKIP = "# i18n: not text"


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and WORDS.search(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    return False


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def unmarked_text(source: str, filename: str) -> list[str]:
    """``file:line: text`` for every user-facing literal in ``source`` that is not marked for translation."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        candidates: list[ast.expr] = []
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            candidates += node.exc.args
        if isinstance(node, ast.Call) and _name(node.func) not in MARKERS:
            if _name(node.func) in METHODS:
                candidates += node.args
            candidates += [k.value for k in node.keywords if k.arg in KEYWORDS]
        for text in candidates:
            span = range(text.lineno, (text.end_lineno or text.lineno) + 1)
            if _has_words(text) and not any(SKIP in lines[i - 1] for i in span):
                found.append(f"{filename}:{text.lineno}: {lines[text.lineno - 1].strip()[:100]}")
    return found


def test_every_text_a_person_reads_is_marked_for_translation() -> None:
    paths = sorted(PACKAGE.rglob("*.py"))
    assert len(paths) > 50  # the package itself, not an empty folder
    found = []
    for path in paths:
        found += unmarked_text(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_check_finds_unmarked_text_and_accepts_marked_text() -> None:
    source = (
        "from kamlearn.i18n import _\n"
        "def f(ax, x):\n"
        "    ax.set_title('Shadow prices')\n"
        "    ax.set_xlabel(_('Hours'))\n"
        "    ax.plot([1], label='_nolegend_')  # i18n: not text\n"
        "    if x:\n"
        "        raise ValueError(f'x: expected a number, found {x!r}')\n"
        "    raise ValueError(_('x: expected a number, found {found}').format(found=x))\n")
    assert [hit.split(':')[1] for hit in unmarked_text(source, "m.py")] == ["3", "7"]
