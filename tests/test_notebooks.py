"""Course-wide checks over every notebook and its solutions (the stored files, without running them).

nbval re-runs the notebooks and compares outputs (``make notebooks-test``); these checks catch what nbval
does not: a notebook saved without running it top to bottom, error outputs, too many cells excused from
comparison, and missing parts of the course's template (learning objectives, a widget, at least three
exercises, a summary, references), and numbers typed into the prose instead of computed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
COURSE = [p for p in ALL if re.match(r"\d\d_", p.name)]
SOLUTIONS = [p for p in COURSE if p.parent != NOTEBOOKS]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IGNORE = "nbval-ignore-output"
EXERCISE_CALL = re.compile(r"\bcheck_\w+\(")


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(NOTEBOOKS)) for p in paths]


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def code_cells(nb: Any) -> list[Any]:
    return [c for c in nb.cells if c.cell_type == "code"]


def markdown(nb: Any) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def verdicts(cell: Any) -> list[str]:
    """The self-check verdict lines a cell printed (emoji marks: outputs stored before the plain-text marks)."""
    printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    return [line for line in printed.splitlines() if line.startswith(("[Riktig", "[Ikke", "\u2705", "\u274c"))]


def test_the_course_is_there() -> None:
    numbers = {p.name[:2] for p in COURSE if p.parent == NOTEBOOKS}
    assert {"00", "01", "02", "07"} <= numbers


@pytest.mark.parametrize("path", COURSE, ids=ids(COURSE))
def test_every_notebook_has_its_counterpart(path: Path) -> None:
    if path.parent == NOTEBOOKS:
        assert (NOTEBOOKS / "solutions" / f"{path.stem}_solutions.ipynb").exists(), "solutions notebook missing"
    else:
        assert (NOTEBOOKS / f"{path.stem.removesuffix('_solutions')}.ipynb").exists(), "student notebook missing"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_kernelspec_is_python3(path: Path) -> None:
    assert read(path).metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_executed_top_to_bottom_with_stored_outputs(path: Path) -> None:
    cells = code_cells(read(path))
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"execution counts {counts}: re-run the notebook top to bottom with tools/run_notebooks.py"
    )
    with_output = sum(1 for c in cells if c.outputs)
    assert with_output >= len(cells) / 2, f"only {with_output} of {len(cells)} code cells have stored outputs"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_no_error_outputs(path: Path) -> None:
    for number, cell in enumerate(code_cells(read(path)), start=1):
        for output in cell.outputs:
            assert output.output_type != "error", f"code cell {number}: {output.get('ename')}: {output.get('evalue')}"
            if output.output_type == "stream":
                assert output.name != "stderr", f"code cell {number} wrote to stderr: {output.text[:200]!r}"


@pytest.mark.parametrize("path", COURSE, ids=ids(COURSE))
def test_at_most_a_quarter_of_code_cells_ignore_their_output(path: Path) -> None:
    # Course notebooks only: the instructor dashboard (dashboard.ipynb) is one widget by design.
    cells = code_cells(read(path))
    ignored = sum(1 for c in cells if IGNORE in tags(c))
    assert ignored <= len(cells) / 4, f"{ignored} of {len(cells)} code cells are tagged {IGNORE}"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_widget_cells_are_excused_from_comparison(path: Path) -> None:
    for number, cell in enumerate(code_cells(read(path)), start=1):
        shows_widget = any(WIDGET_MIME in o.get("data", {}) for o in cell.outputs)
        if shows_widget:
            assert IGNORE in tags(cell), f"code cell {number} shows a widget but is not tagged {IGNORE}"


@pytest.mark.parametrize("path", COURSE, ids=ids(COURSE))
def test_course_template(path: Path) -> None:
    nb = read(path)
    text = markdown(nb)
    for heading in ("Learning objectives", "Summary", "References"):
        # a heading ("## Learning objectives") or a bold lead-in ("**Learning objectives.**")
        assert re.search(rf"^(#+ .*|\*\*){heading}", text, flags=re.M | re.I), f"no '{heading}' section"
    assert re.search(r"^(#+ .*|\*\*).*(article's point|in our( own)? words)", text, flags=re.M | re.I), (
        "no 'the article's point, in our words' section"
    )


@pytest.mark.parametrize("path", COURSE, ids=ids(COURSE))
def test_at_least_one_widget(path: Path) -> None:
    cells = code_cells(read(path))
    widgets = [c for c in cells if "kamlearn.widgets" in c.source or any(WIDGET_MIME in o.get("data", {}) for o in c.outputs)]
    shown = [c for c in widgets if any(WIDGET_MIME in o.get("data", {}) for o in c.outputs)]
    assert shown, "no cell displays a kamlearn widget"


@pytest.mark.parametrize("path", COURSE, ids=ids(COURSE))
def test_at_least_three_exercises_with_self_checks(path: Path) -> None:
    calls = [m.group(0) for c in code_cells(read(path)) for m in EXERCISE_CALL.finditer(c.source)]
    assert len(calls) >= 3, f"only {len(calls)} self-check calls: {calls}"
    checked = [c for c in code_cells(read(path)) if EXERCISE_CALL.search(c.source)]
    for cell in checked:
        assert verdicts(cell), f"a self-check cell printed no verdict: {cell.source[:80]!r}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_every_self_check_passes_in_the_solutions(path: Path) -> None:
    for cell in code_cells(read(path)):
        if EXERCISE_CALL.search(cell.source):
            lines = verdicts(cell)
            assert lines and all(line.startswith(("[Riktig", "\u2705")) for line in lines), f"{cell.source[:80]!r} -> {lines}"


# Numbers typed into prose go stale when the data changes: they must come from code.
INLINE_CODE = re.compile(r"`[^`]*`")
LINK = re.compile(r"\]\([^)]*\)")
TYPED_NUMBER = re.compile(
    r"(?<![\w.])(?:"
    r"\d+(?:[.,]\d+)?\s?%"  # a percentage
    r"|\d+\.\d+"  # a decimal number
    r"|\d{1,3}(?:[ ,]\d{3})+"  # a number with thousands separators
    r"|\d{3,}"  # three or more digits
    r")"
)
ALLOWED = re.compile(r"^(?:100\s?%|(?:19|20)\d\d)$")  # 'nearly 100 %' is a concept; years are citations
# Part of a cited method's definition, not data: judgmental calibration asks for the response at no effort,
# today's effort, +50 % effort and saturation (Little 1970; Lodish et al. 1988).
METHOD_TERMS = re.compile(r"\+\s?50\s?%|50\s?%\s+more")


def typed_numbers(text: str) -> list[str]:
    text = METHOD_TERMS.sub("", LINK.sub("]", INLINE_CODE.sub("", text)))
    return [m.group(0) for m in TYPED_NUMBER.finditer(text) if not ALLOWED.match(m.group(0).strip())]


def test_typed_number_detector() -> None:
    assert typed_numbers("margin of 21,820,000 NOK, 78 % retention, r = 0.8") == ["21,820,000", "78 %", "0.8"]
    assert typed_numbers("McDonald (1997), nears 100 %, notebook 02, `0.24`, [x](00_start.ipynb)") == []
    assert typed_numbers("at +50 % effort, with 50 % more effort; a 10 % gain") == ["10 %"]


@pytest.mark.parametrize("path", COURSE, ids=ids(COURSE))
def test_no_numbers_typed_into_the_prose(path: Path) -> None:
    found = []
    for cell in read(path).cells:
        if cell.cell_type != "markdown" or re.search(r"^#+ .*References", cell.source, flags=re.M):
            continue
        found += typed_numbers(cell.source)
    assert not found, f"numbers typed into Markdown (print them from code instead): {found}"


# Prose that cannot contradict its outputs: claims about computed results are backed by hidden assert cells.
CLAIMED = [p for p in COURSE if re.match(r"0[0-6]_", p.name)] + [NOTEBOOKS / "dashboard.ipynb"]


@pytest.mark.parametrize("path", CLAIMED, ids=ids(CLAIMED))
def test_claims_in_the_prose_are_checked_by_code(path: Path) -> None:
    cells = code_cells(read(path))
    checks = [c for c in cells if "claim-check" in tags(c)]
    asserted = [c for c in cells if re.search(r"^\s*assert ", c.source, flags=re.M)]
    assert asserted, "no cell asserts what the prose claims about a computed result"
    for cell in checks:
        assert re.search(r"^\s*assert ", cell.source, flags=re.M), f"a claim-check cell asserts nothing: {cell.source[:80]!r}"
        assert "hide-input" in tags(cell), "claim checks are tagged hide-input (collapsed in JupyterLab)"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, "claim checks are collapsed in JupyterLab"
        assert not cell.outputs, "a claim check prints nothing when the claim holds"


def test_the_notebooks_of_the_issue_check_their_claims() -> None:
    # notebooks 03, 04 and 06 carry the claims an instructor quotes (prices, the eight groups, efficiency)
    for stem in ("03_scarce_resources", "04_tradeoffs_across_accounts", "06_using_resources_efficiently"):
        for path in (NOTEBOOKS / f"{stem}.ipynb", NOTEBOOKS / "solutions" / f"{stem}_solutions.ipynb"):
            checks = [c for c in code_cells(read(path)) if "claim-check" in tags(c)]
            assert len(checks) >= 2, f"{path.name}: {len(checks)} claim checks"


@pytest.mark.parametrize("path", CLAIMED, ids=ids(CLAIMED))
def test_money_says_its_horizon(path: Path) -> None:
    # the old wordings the issue found: a one-off cost called yearly, a zero price shown as a price
    text = markdown(read(path)) + "".join(
        o.get("text", "") for c in code_cells(read(path)) for o in c.outputs if o.output_type == "stream")
    assert "price 0 NOK" not in text and "NOK 0 / NOK" not in text
    assert "Cost per year" not in text and "MNOK a year; retention" not in text


def test_teaching_guide_timings_add_up() -> None:
    guide = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (0\d) \| [^|]+ \| (\d+)[^|]*\| (\d+) \| (\d+) \| (\d+) \|", guide, flags=re.M)
    minutes = {nb: int(total) for nb, total, *_ in rows}
    assert sorted(minutes) == [f"0{i}" for i in range(8)], f"notebook rows found: {sorted(minutes)}"
    for nb, total, demo, pairs, talk in rows:
        assert int(demo) + int(pairs) + int(talk) == int(total), f"notebook {nb}: parts do not add up to {total}"
        assert re.search(rf"^## {nb} .*\({total} min", guide, flags=re.M), f"section {nb} does not say {total} min"
    sessions = re.findall(r"^\| (\d) \| ([0-9 +]+) \| (\d+) \|", guide, flags=re.M)
    assert sessions, "no session table"
    covered = []
    for _number, notebooks, total in sessions:
        parts = [p.strip() for p in notebooks.split("+")]
        covered += parts
        assert sum(minutes[p] for p in parts) == int(total) == 90, f"session {notebooks}: not 90 minutes"
    assert sorted(covered) == sorted(minutes), "every notebook is in exactly one session"
    for nb in ("03", "04", "05", "06"):
        section = guide.split(f"## {nb} ")[1].split("\n## ")[0]
        for part in ("Show live", "Usual mistakes", "How to present", "Discussion questions"):
            assert part in section, f"section {nb} has no '{part}'"
