"""A real spreadsheet program writes the case; kamlearn must load the same numbers.

LibreOffice Calc (Debian's ``libreoffice-calc``) runs headless in a Norwegian locale (nb_NO) and
converts the embedded case: kamlearn's workbook to its own workbook, to semicolon-separated CSV with
decimal commas and thousands grouped by no-break spaces (UTF-8 and Windows-1252, as a Norwegian user
saves them) and to tab-separated "Unicode text" (UTF-16); and the embedded CSV files themselves to
Norwegian CSV. Every table loaded back must equal the original.

Runner policy, as for the browser tests: without ``soffice`` these tests are skipped with a plain
reason (``make test`` prints a notice); with ``CI=true`` a missing LibreOffice is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kamlearn import Case, KamlearnWarning, load_case
from kamlearn.case import embedded_data_path

TABLES = ("accounts", "resources", "initiatives", "demands", "staff", "company")
SOFFICE = os.environ.get("KAMLEARN_SOFFICE", "soffice")  # only to exercise the skip/fail policy
LOCALE = "nb_NO.UTF-8"
TIMEOUT = 300
# LibreOffice's CSV filter options: separator, quote, character set, first line, column formats,
# language, quoted as text, detect special numbers, save as shown, formulas, trim spaces, sheet
# (-1 = every sheet, each to its own file). 59 = ';', 9 = tab; 76 = UTF-8, 1 = Windows-1252,
# 65535 = UTF-16 ("Unicode").
EXPORTS = {
    "semicolon-utf8": "59,34,76,1,,0,false,true,true,false,false,-1",
    "semicolon-windows1252": "59,34,1,1,,0,false,true,true,false,false,-1",
    "tab-utf16": "9,34,65535,1,,0,false,true,true,false,false,-1",
}
# Money and hours shown with thousands grouped, as a user formats them: "2 600 000,00" in nb_NO.
GROUPED_COLUMNS = {"accounts": "EG", "resources": "EF", "demands": "C", "staff": "EF"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which(SOFFICE)
    if path is None:
        reason = (f"LibreOffice not found ({SOFFICE!r} is not on PATH; "
                  "apt-get install -y libreoffice-calc locales)")
        if in_ci():
            pytest.fail(f"CI=true but the spreadsheet-program tests cannot run: {reason}", pytrace=False)
        pytest.skip(f"spreadsheet-program tests skipped: {reason}")
    return path


def convert(soffice: str, profile: Path, target: str, outdir: Path, *files: Path, infilter: str = "") -> None:
    """Run LibreOffice headless in the Norwegian locale with a private profile."""
    env = dict(os.environ, LANG=LOCALE, LC_ALL=LOCALE, LANGUAGE="nb_NO")
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, f"soffice failed: {done.stdout}\n{done.stderr}"


def gather(outdir: Path, prefix: str, folder: Path) -> Path:
    """LibreOffice names each sheet's file '<book>-<sheet>.csv'; a case folder wants '<sheet>.csv'."""
    folder.mkdir()
    for name in TABLES:
        shutil.copy(outdir / f"{prefix}-{name}.csv", folder / f"{name}.csv")
    return folder


@pytest.fixture(scope="module")
def converted(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Every conversion, done once: a name for each, and the case folder or workbook it made."""
    work = tmp_path_factory.mktemp("libreoffice")
    profile = work / "profile"  # a private profile: no clash with a running LibreOffice, no lock files
    book = load_case().to_excel(work / "case.xlsx")
    workbook = openpyxl.load_workbook(book)
    for sheet, columns in GROUPED_COLUMNS.items():
        for column in columns:
            for cell in workbook[sheet][column][1:]:
                cell.number_format = "#,##0.00"
    workbook.save(book)
    out: dict[str, Path] = {}
    convert(soffice, profile, "xlsx", work / "lo-xlsx", book)
    out["workbook"] = work / "lo-xlsx" / "case.xlsx"
    for name, options in EXPORTS.items():
        convert(soffice, profile, f"csv:Text - txt - csv (StarCalc):{options}", work / name, book)
        out[name] = gather(work / name, "case", work / f"case-{name}")
    # the embedded CSV files themselves (copied first: LibreOffice leaves lock files beside what it opens),
    # read as the English CSV they are (language 1033) and saved as Norwegian CSV
    source = work / "embedded"
    source.mkdir()
    files = [shutil.copy(embedded_data_path() / f"{name}.csv", source / f"{name}.csv") for name in TABLES]
    convert(soffice, profile, f"csv:Text - txt - csv (StarCalc):{EXPORTS['semicolon-utf8'].rsplit(',', 1)[0]}",
            work / "embedded-no", *map(Path, files), infilter="CSV:44,34,76,1,,1033")
    out["embedded-csv"] = work / "embedded-no"
    yield out


def load_quietly(path: Path) -> Case:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KamlearnWarning)  # Windows-1252 is read with a warning
        return load_case(path)


def assert_same_numbers(loaded: Case, original: Case) -> None:
    for table in ("accounts", "resources", "initiatives", "demands", "staff"):
        pd.testing.assert_frame_equal(getattr(loaded, table), getattr(original, table), check_exact=True)
    assert loaded.name == original.name
    assert loaded.discount_rate == original.discount_rate


@pytest.mark.parametrize("kind", ["workbook", *EXPORTS, "embedded-csv"])
def test_libreoffice_in_a_norwegian_locale_gives_the_same_case(converted: dict[str, Path], kind: str) -> None:
    assert_same_numbers(load_quietly(converted[kind]), load_case())


def test_libreoffice_really_wrote_norwegian_numbers(converted: dict[str, Path]) -> None:
    # the conversions are only a test if LibreOffice used decimal commas and grouped thousands
    accounts = (converted["semicolon-utf8"] / "accounts.csv").read_text(encoding="utf-8")
    assert ";0,24;" in accounts
    assert "118\u00a0000\u00a0000,00" in accounts or "118 000 000,00" in accounts
    raw = (converted["semicolon-windows1252"] / "accounts.csv").read_bytes()
    assert "Trøndelag".encode("cp1252") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert (converted["tab-utf16"] / "accounts.csv").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert ";0,24;" in (converted["embedded-csv"] / "accounts.csv").read_text(encoding="utf-8")
