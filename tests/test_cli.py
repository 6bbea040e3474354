"""The ``kamlearn`` command line: help, the plan and its report, clear errors, no silent overwrite."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pytest

import kamlearn
from kamlearn.cli import main

SCRIPT = Path(sys.executable).with_name("kamlearn")


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small company (three accounts of the course case) as a folder of CSV files, in a folder with a
    space and a non-ASCII letter in its name."""
    case = kamlearn.load_case()
    keep = ["A01", "A02", "A03"]
    initiatives = case.initiatives[case.initiatives["account_id"].isin(keep)]
    demands = case.demands[case.demands["initiative_id"].isin(initiatives.index)]
    small = case.with_tables(accounts=case.accounts.loc[keep], initiatives=initiatives, demands=demands)
    return small.to_csv_folder(tmp_path_factory.mktemp("cli") / "Mitt firma ø")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=600)


def test_console_script_help() -> None:
    assert SCRIPT.exists(), "pip install -e . should install the kamlearn console script"
    done = run("--help")
    assert done.returncode == 0
    assert "plan" in done.stdout and "course" in done.stdout
    done = run("plan", "--help")
    assert done.returncode == 0
    for option in ("--report", "--html", "--policy", "--draws", "--overwrite"):
        assert option in done.stdout


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "kamlearn", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "plan" in done.stdout


def test_plan_writes_both_reports(company: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "Rapport for ledelsen"
    out.mkdir()
    book, page = out / "plan.xlsx", out / "plan.html"
    status = main(["plan", str(company), "--report", str(book), "--html", str(page), "--draws", "5"])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert "proven optimal" in printed.out and "Wrote" in printed.out
    assert openpyxl.load_workbook(book).sheetnames[:3] == ["Decision", "Plan", "Rules compared"]
    text = page.read_text(encoding="utf-8")
    plan = kamlearn.allocate(kamlearn.load_case(company))
    assert f"{plan.value_nok / 1e6:,.2f} MNOK" in text
    assert "5 draws" in text


def test_never_overwrites_unless_asked(company: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "plan.xlsx"
    book.write_bytes(b"keep me")
    assert main(["plan", str(company), "--report", str(book), "--draws", "0"]) == 2
    assert "exists; add --overwrite" in capsys.readouterr().err
    assert book.read_bytes() == b"keep me"
    assert main(["plan", str(company), "--report", str(book), "--draws", "0", "--overwrite", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert openpyxl.load_workbook(book).sheetnames[0] == "Decision"


def test_bad_data_gives_the_case_error_without_traceback(company: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in company.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.name == "accounts.csv":
            lines = text.splitlines()
            header = lines[0].split(",")
            cells = lines[1].split(",")
            cells[header.index("gross_margin")] = "24"
            lines[1] = ",".join(cells)
            text = "\n".join(lines) + "\n"
        (broken / path.name).write_text(text, encoding="utf-8")
    done = run("plan", str(broken), "--report", str(tmp_path / "x.xlsx"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("kamlearn: error:")
    assert "accounts.csv" in done.stderr and "gross_margin" in done.stderr and "0.24" in done.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["plan", "no/such/company.xlsx"], "no such file or folder"),
    (["plan", "{company}", "--policy", "biggest"], "--policy: expected one of optimal"),
    (["plan", "{company}", "--draws", "-1"], "--draws: expected a whole number"),
    (["plan", "{company}", "--report", "{tmp}/plan.csv"], "expected a file name ending in .xlsx"),
    (["plan", "{company}", "--html", "{tmp}/no/such/folder/plan.html"], "expected an existing folder"),
])
def test_clear_errors(args: list[str], message: str, company: Path, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    argv = [a.format(company=company, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("kamlearn: error:") and message in err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: kamlearn" in capsys.readouterr().out


def test_course_calls_the_course_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    fake = types.ModuleType("kamlearn.course_setup")
    fake.main = lambda argv: calls.append(list(argv)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kamlearn.course_setup", fake)
    assert main(["course", "--help", "--folder", "x"]) == 0
    assert calls == [["--help", "--folder", "x"]]


def test_course_without_the_setup_module_says_so(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "kamlearn.course_setup", None)  # import raises ModuleNotFoundError
    assert main(["course"]) == 2
    assert "kamlearn.course_setup" in capsys.readouterr().err
