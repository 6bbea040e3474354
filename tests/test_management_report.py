"""kamlearn.management_report: the report for management as a workbook and a standalone HTML page.

The workbook is opened by a real spreadsheet program (LibreOffice Calc, headless) and its figures
read back; the HTML page is opened in Chromium with every request that would leave the machine
aborted and recorded.  Without LibreOffice or Chromium these two tests are skipped with a plain
message; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import csv
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kamlearn
from kamlearn import management_report
from kamlearn.management_report import FORMULA_PREFIXES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TRICKY = {"A02": "=1+1", "A03": "+SUM(1;2)", "A04": "-2+3", "A05": "@cmd"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing tool is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def small_case() -> kamlearn.Case:
    """Five accounts of the course case, with account names that look like formulas."""
    case = kamlearn.load_case()
    keep = ["A01", "A02", "A03", "A04", "A05"]
    accounts = case.accounts.loc[keep]
    for account, name in TRICKY.items():
        accounts.loc[account, "name"] = name
    initiatives = case.initiatives[case.initiatives["account_id"].isin(keep)]
    initiatives.loc[initiatives.index[0], "name"] = "=HYPERLINK(\"http://example.invalid\")"
    for account, name in TRICKY.items():  # every group appears in "How sure", chosen or not
        first = initiatives.index[initiatives["account_id"] == account][0]
        initiatives.loc[first, "name"] = name
    demands = case.demands[case.demands["initiative_id"].isin(initiatives.index)]
    return case.with_tables(accounts=accounts, initiatives=initiatives, demands=demands)


@pytest.fixture(scope="module")
def report(small_case: kamlearn.Case) -> kamlearn.ManagementReport:
    plan = kamlearn.allocate(small_case)
    before = kamlearn.allocate(small_case, "revenue")
    return management_report(plan, before=before, draws=20, seed=3, progress=False)


@pytest.fixture(scope="module")
def workbook(report: kamlearn.ManagementReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report.to_excel(tmp_path_factory.mktemp("report") / "plan.xlsx")


# ----------------------------------------------------------------------------- content


def test_parts_in_order(report: kamlearn.ManagementReport) -> None:
    assert list(report.tables) == [
        "Plan", "Rules compared", "Scarce resources", "Left out", "Staffing by month", "Staffing of groups",
        "Key-person risk", "How sure", "Plan value over draws", "What changed",
    ]


def test_decision_paragraph_agrees_with_the_plan(report: kamlearn.ManagementReport) -> None:
    plan = report.plan
    text = report.decision
    assert "\n" not in text
    assert f"{plan.value_nok / 1e6:,.2f} MNOK" in text
    assert f"staff {len(plan.selected)} of {len(plan.case.initiatives)} candidate project groups" in text
    cost = report.tables["Plan"]["Total cost (NOK)"].sum()
    assert cost == pytest.approx(plan.accounts["cost_nok"].sum(), abs=len(plan.selected))
    assert f"{cost / 1e6:,.2f} MNOK of resources" in text


def test_cost_split_adds_up(report: kamlearn.ManagementReport) -> None:
    table = report.tables["Plan"]
    parts = table["Cash (NOK)"] + table["Internal hours (NOK)"] + table["Technology (NOK)"]
    assert (parts - table["Total cost (NOK)"]).abs().max() <= 2  # each part rounded to whole NOK
    groups = report.plan.groups
    assert table.set_index("Group").loc[groups.index, "Total cost (NOK)"].to_numpy() == pytest.approx(
        groups["cost_nok"].round().to_numpy())


def test_rules_left_on_the_table(report: kamlearn.ManagementReport) -> None:
    rules = report.tables["Rules compared"].set_index("Rule")
    table = kamlearn.compare(report.plan.case, ["optimal", "equal", "revenue", "need", "concentrate", "greedy"])
    best = table.loc["optimal", "total_value"]
    for rule, row in rules.iterrows():
        assert row["Left on the table (MNOK)"] == round((best - table.loc[rule, "total_value"]) / 1e6, 2)
    assert rules.loc["optimal", "Left on the table (MNOK)"] == 0


def test_value_of_more_next_to_cost(report: kamlearn.ManagementReport) -> None:
    res = report.tables["Scarce resources"].set_index("Resource")
    prices = report.plan.shadow_prices
    assert res["LP shadow price (NOK/unit)"].to_numpy() == pytest.approx(prices.round().to_numpy())
    assert res["Cost of one unit (NOK/unit)"].to_numpy() == pytest.approx(
        report.plan.case.resources["cost_per_unit_nok"].to_numpy())


def test_forcing_a_left_out_group_in_costs_what_the_re_solve_says(report: kamlearn.ManagementReport) -> None:
    left = report.tables["Left out"]
    plan = report.plan
    assert set(left["Group"]) == set(plan.case.initiatives.index) - set(plan.selected)
    row = left.iloc[0]
    forced = kamlearn.allocate(plan.case, commitments=[row["Group"]])
    assert row["Cost of forcing it in (MNOK)"] == round((plan.value_nok - forced.value_nok) / 1e6, 2)
    assert (left["Cost of forcing it in (MNOK)"].dropna() >= 0).all()  # the plan is optimal
    assert left["Reason"].str.len().min() > 20


def test_money_has_units_and_no_ore(report: kamlearn.ManagementReport) -> None:
    for name, table in report.tables.items():
        for column in table.columns:
            values = pd.to_numeric(table[column], errors="coerce").dropna()
            if column.endswith("(NOK)") or column.endswith("(NOK/unit)"):
                assert (values == values.round()).all(), f"{name}: {column} has øre"
            if column.endswith("(MNOK)"):
                assert (values == values.round(2)).all(), f"{name}: {column} has more than two decimals"
            if re.search(r"value|cost|cash", column, re.I) and len(values):
                assert re.search(r"\((M?NOK|NOK/unit)\)$", column), f"{name}: money column {column!r} without unit"
    assert any("discount rate d = 10 %" in a for a in report.assumptions)
    horizon = kamlearn.load_case().horizon_years
    assert horizon and any(f"horizon of {horizon:g} years" in a for a in report.assumptions)
    assert any(a.startswith("ASSUMPTION") for a in report.assumptions)  # the default effect range


def test_sensitivity_and_changes_are_in(report: kamlearn.ManagementReport) -> None:
    assert report.sensitivity is not None and report.sensitivity.draws == 20
    how_sure = report.tables["How sure"]
    assert how_sure["Share of draws in the best plan (share)"].between(0, 1).all()
    changed = report.tables["What changed"]
    assert set(changed.loc[changed["Change"] == "in", "Group"]) == set(report.changes.groups_in)


def test_no_staff_means_no_staffing_parts() -> None:
    case = kamlearn.load_case()
    bare = kamlearn.Case.from_frames(case.accounts, case.resources, case.initiatives, case.demands)
    report = management_report(kamlearn.allocate(bare, "greedy"), draws=0)
    assert "Staffing by month" not in report.tables and "How sure" not in report.tables
    assert "not optimised" in report.decision


# ----------------------------------------------------------------------------- the workbook


def test_workbook_text_is_never_a_formula(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    risky = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(FORMULA_PREFIXES)]
    assert {c.value for c in risky} >= set(TRICKY.values())
    for cell in risky:
        assert cell.data_type == "s", f"{cell.coordinate} = {cell.value!r} stored as {cell.data_type}"
        assert cell.quotePrefix


def test_never_overwrites_unless_asked(report: kamlearn.ManagementReport, workbook: Path, tmp_path: Path) -> None:
    before = workbook.read_bytes()
    with pytest.raises(FileExistsError, match="overwrite"):
        report.to_excel(workbook)
    assert workbook.read_bytes() == before
    page = report.to_html(tmp_path / "plan.html")
    with pytest.raises(FileExistsError):
        report.to_html(page)
    assert report.to_html(page, overwrite=True) == page
    with pytest.raises(ValueError, match=r"\.xlsx"):
        report.to_excel(tmp_path / "plan.csv")
    assert not list(tmp_path.glob(".plan-*"))  # no temporary files left behind


def read_back(workbook: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice Calc reads it, exported to CSV (values, not formulas)."""
    if SOFFICE is None:
        skip_or_fail("LibreOffice (soffice) not found: apt-get install -y libreoffice-calc")
    copy = tmp_path / "book.xlsx"
    shutil.copy(workbook, copy)
    out = tmp_path / "csv"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [str(SOFFICE), "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(out),
         str(copy)],
        check=True, capture_output=True, timeout=180,
    )
    sheets = {}
    for path in out.glob("book-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix("book-")] = list(csv.reader(handle))
    return sheets


def test_libreoffice_reads_back_the_figures(report: kamlearn.ManagementReport, workbook: Path,
                                            tmp_path: Path) -> None:
    sheets = read_back(workbook, tmp_path)
    assert set(sheets) == {"Decision", *report.tables}
    assert sheets["Decision"][2][0] == report.decision
    for name, table in report.tables.items():
        rows = sheets[name]
        assert rows[3][: len(table.columns)] == list(table.columns), name
        body = rows[4: 4 + len(table)]
        assert len(body) == len(table), name
        for i, (_, expected) in enumerate(table.iterrows()):
            for j, value in enumerate(expected.tolist()):
                got = body[i][j]
                if isinstance(value, str):
                    assert got == value, f"{name} row {i} column {table.columns[j]}"
                elif value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                    assert got == ""
                elif isinstance(value, bool):
                    assert got.upper() == str(value).upper()
                else:
                    # Calc writes a percent-formatted share as "97.6%" even in a raw export
                    number = float(got[:-1]) / 100 if got.endswith("%") else float(got)
                    assert number == pytest.approx(float(value), rel=1e-12, abs=1e-9), (
                        f"{name} row {i} column {table.columns[j]}: {got} != {value}")
    names = [row[1] for row in sheets["Plan"][4:]]
    assert TRICKY["A02"] in names or TRICKY["A03"] in names  # the formula-like names read back as text
    left = sheets["Left out"]
    assert all(not cell.startswith("#") for row in left for cell in row)  # no spreadsheet errors


# ----------------------------------------------------------------------------- the HTML page


def test_html_is_standalone_and_escaped(report: kamlearn.ManagementReport) -> None:
    page = report.html()
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page
    assert not re.search(r"""(src|href)\s*=\s*['"](?!data:)""", page)
    assert page.count("data:image/svg+xml;base64,") == 4
    assert "=HYPERLINK(&quot;http://example.invalid&quot;)" in page  # user text escaped, not markup
    assert html_text_units(page)


def html_text_units(page: str) -> bool:
    return "MNOK" in page and "NOK/unit" in page


def test_html_opens_offline_in_chromium(report: kamlearn.ManagementReport, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        skip_or_fail("Chromium not found at /usr/bin/chromium: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[e2e]')")
    page_path = report.to_html(tmp_path / "plan.html")
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def guard(route: object) -> None:
                request = route.request  # type: ignore[attr-defined]
                if request.url.startswith(("file://", "data:")):
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    outside.append(request.url)
                    route.abort()  # type: ignore[attr-defined]

            page.route("**/*", guard)
            page.goto(page_path.as_uri(), wait_until="load")
            assert page.title() == report.title
            assert page.locator("p.decision").inner_text().strip() == report.decision
            widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
            assert len(widths) == 4 and min(widths) > 100
            assert page.locator("table").count() == len(report.tables)
        finally:
            browser.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == [], f"console errors: {errors}"


def test_value_of_more_is_the_re_solved_block(report: kamlearn.ManagementReport) -> None:
    res = report.tables["Scarce resources"].set_index("Resource")
    blocks = report.plan.marginal_values()
    assert res["Value of the block, re-solved, per unit (NOK/unit)"].to_numpy() == pytest.approx(
        blocks["value_per_unit_nok"].round().to_numpy())
    assert list(res["Verdict"]) == list(blocks["verdict"].astype(str))
