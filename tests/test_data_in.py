"""Data in: files as spreadsheet programs write them load with the right numbers, or fail saying why.

One test (or more) per kind of problem in issue 10; each asserts the value that must be loaded or the
message that must be given.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kamlearn
from kamlearn import CaseError, load_case
from kamlearn import _numbers as numbers
from kamlearn.case import embedded_data_path
from kamlearn.synthetic import synthetic_case

DATA = embedded_data_path()
TABLES = ("accounts", "resources", "initiatives", "demands", "staff", "company")


@pytest.fixture()
def semicolon_dir(tmp_path: Path) -> Path:
    """The embedded case as a Norwegian Excel saves it: ';'-separated with decimal commas."""
    return load_case().to_csv_folder(tmp_path / "no", sep=";")


def replace_in(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding=encoding)
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding=encoding)


def capacity_line(folder: Path, resource: str) -> str:
    return next(line for line in (folder / "resources.csv").read_text(encoding="utf-8").splitlines()
                if line.startswith(resource + ";"))


# ----------------------------------------------------------------------------- 1. one number reader


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.100", ",", 1100.0),
        ("1.100", ".", 1.1),
        ("1,100.00", ".", 1100.0),
        ("2.600.000,00", ",", 2_600_000.0),
        ("2.600.000", ",", 2_600_000.0),
        ("4.000", ",", 4000.0),
        ("118 000 000", ",", 118_000_000.0),
        ("118\u00a0000\u00a0000,5", ",", 118_000_000.5),
        ("1\u202f234,5", ",", 1234.5),
        ("\u22125", ",", -5.0),
        ("1,5E+06", ",", 1_500_000.0),
        ("0,24", ",", 0.24),
    ],
)
def test_number_reader_values(text: str, decimal: numbers.Mark, expected: float) -> None:
    assert numbers.parse(text, decimal) == expected


@pytest.mark.parametrize(
    ("text", "verdict"),
    [("0,24", ","), ("0.24", "."), ("1.100", "ambiguous"), ("1,100", "ambiguous"), ("2.600.000", ","),
     ("1,100.00", "."), ("2.600.000,00", ","), ("0,100", ","), ("12", "plain"), ("24 %", "invalid"),
     ("1 5", "invalid")],
)
def test_number_reader_tells_what_a_cell_proves(text: str, verdict: str) -> None:
    assert numbers.classify(text) == verdict


@pytest.mark.parametrize("text", ["1.10.0", "1.2345,6", "12,34.5", "1.234,5.6"])
def test_number_reader_refuses_bad_grouping(text: str) -> None:
    assert numbers.parse(text, ",") is None or numbers.parse(text, ".") is None
    assert numbers.parse(text, numbers.classify(text) if numbers.classify(text) in (".", ",") else ",") is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1.100", 1100.0), ("4.000", 4000.0), ("2.600.000", 2_600_000.0), ("2.600.000,00", 2_600_000.0),
     ("1 100", 1100.0), ("1100,5", 1100.5), ("1,100.00", 1100.0), ("1\u00a0100,00", 1100.0)],
)
def test_thousands_point_in_a_decimal_comma_file(semicolon_dir: Path, written: str, expected: float) -> None:
    line = capacity_line(semicolon_dir, "kam_hours")
    fields = line.split(";")
    fields[4] = written
    replace_in(semicolon_dir / "resources.csv", line, ";".join(fields))
    assert load_case(semicolon_dir).resources.loc["kam_hours", "capacity"] == expected


def test_last_mark_is_the_decimal_mark(tmp_path: Path) -> None:
    folder = load_case().to_csv_folder(tmp_path / "c")
    replace_in(folder / "resources.csv", ",1100.0,", ',"1,100.00",')
    assert load_case(folder).resources.loc["kam_hours", "capacity"] == 1100.0


def test_ambiguous_column_is_an_error_naming_file_row_column(tmp_path: Path) -> None:
    # a tab-separated file implies no decimal mark; a column holding only "1.100"-like cells cannot be read
    case = load_case()
    folder = case.to_csv_folder(tmp_path / "tab")
    demands = case.demands.head(3).copy()
    text = "initiative_id\tresource_id\tamount\n" + "".join(
        f"{row.initiative_id}\t{row.resource_id}\t1.100\n" for row in demands.itertuples())
    (folder / "demands.csv").write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match=r"demands.csv, row 2, column 'amount': expected a number at least 0, "
                                        r"found '1.100', which is 1100 if '.' groups thousands or 1.1 if '.' is "
                                        r"the decimal mark"):
        load_case(folder)


def test_column_evidence_decides_in_a_tab_file(tmp_path: Path) -> None:
    case = load_case()
    folder = case.to_csv_folder(tmp_path / "tab")
    rows = case.demands.head(3)
    text = "initiative_id\tresource_id\tamount\n" + "".join(
        f"{r.initiative_id}\t{r.resource_id}\t{v}\n" for r, v in zip(rows.itertuples(), ["1.100", "0,5", "2"],
                                                                       strict=True))
    (folder / "demands.csv").write_text(text, encoding="utf-8")
    loaded = load_case(folder).demands
    assert loaded["amount"].tolist() == [1100.0, 0.5, 2.0]


def test_mixed_marks_in_one_column_leave_ambiguous_cells_unread(semicolon_dir: Path) -> None:
    path = semicolon_dir / "demands.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(";", 1)[0] + ";1.100"
    lines[2] = lines[2].rsplit(";", 1)[0] + ";0,5"
    lines[3] = lines[3].rsplit(";", 1)[0] + ";0.25"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"demands.csv, row 2, column 'amount'.*'1.100'.*decimal comma \(row 3: "
                                        r"'0,5'\) and with a decimal point \(row 4: '0.25'\)"):
        load_case(semicolon_dir)


def test_workbook_text_cell_with_decimal_comma(tmp_path: Path) -> None:
    path = load_case().to_excel(tmp_path / "case.xlsx")
    book = openpyxl.load_workbook(path)
    book["accounts"]["F2"] = "0,24"  # gross_margin of A01, typed as text
    book.save(path)
    assert load_case(path).accounts.loc["A01", "gross_margin"] == pytest.approx(0.24)


# ----------------------------------------------------------------------------- 2. empty optional tables


def test_case_without_staff_round_trips_through_every_writer(tmp_path: Path) -> None:
    case = synthetic_case(5, 3, 2, seed=0)
    assert len(case.staff) == 0
    for target in (case.to_csv_folder(tmp_path / "comma"), case.to_csv_folder(tmp_path / "semi", sep=";"),
                   case.to_excel(tmp_path / "case.xlsx")):
        again = load_case(target)
        assert len(again.staff) == 0
        pd.testing.assert_frame_equal(again.staff, case.staff)
        pd.testing.assert_frame_equal(again.accounts, case.accounts)


def test_template_with_its_staff_rows_deleted(tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    shutil.copy(DATA / "template.xlsx", path)
    book = openpyxl.load_workbook(path)
    sheet = book["staff"]
    sheet.delete_rows(2, sheet.max_row)
    book.save(path)
    assert len(load_case(path).staff) == 0


def test_company_table_without_rows_means_the_defaults(semicolon_dir: Path) -> None:
    header = (semicolon_dir / "company.csv").read_text(encoding="utf-8").splitlines()[0]
    (semicolon_dir / "company.csv").write_text(header + "\n", encoding="utf-8")
    case = load_case(semicolon_dir)
    assert (case.name, case.discount_rate) == ("My company", 0.10)


def test_text_numbers_in_a_dataframe_are_read_by_the_same_reader() -> None:
    case = load_case()
    resources = case.resources.astype({"capacity": object})
    resources.loc["budget", "capacity"] = "2.600.000"
    resources.loc["kam_hours", "capacity"] = "1100,5"
    built = kamlearn.Case.from_frames(case.accounts, resources, case.initiatives, case.demands)
    assert built.resources.loc["budget", "capacity"] == 2_600_000.0
    assert built.resources.loc["kam_hours", "capacity"] == 1100.5
    resources.loc["kam_hours", "capacity"] = "1.100"  # nothing in a DataFrame says which mark it uses
    resources.loc["budget", "capacity"] = 2_600_000.0
    with pytest.raises(CaseError, match=r"table 'resources', row 4, column 'capacity'.*'1.100', which is 1100"):
        kamlearn.Case.from_frames(case.accounts, resources, case.initiatives, case.demands)


def test_required_table_without_rows_is_still_an_error(semicolon_dir: Path) -> None:
    header = (semicolon_dir / "demands.csv").read_text(encoding="utf-8").splitlines()[0]
    (semicolon_dir / "demands.csv").write_text(header + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"demands.csv: the table has no rows"):
        load_case(semicolon_dir)


# ----------------------------------------------------------------------------- 3. trailing empty columns


def test_trailing_empty_columns_are_dropped(semicolon_dir: Path) -> None:
    path = semicolon_dir / "accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line + ";;;" for line in lines) + "\n", encoding="utf-8")
    case = load_case(semicolon_dir)
    assert list(case.accounts.columns) == list(load_case().accounts.columns)
    assert case.accounts.loc["A01", "gross_margin"] == pytest.approx(0.24)


def test_unnamed_column_with_values_is_an_error(semicolon_dir: Path) -> None:
    path = semicolon_dir / "accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ";"] + [line + (";42" if i == 2 else ";") for i, line in enumerate(lines[1:], start=2)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"accounts.csv, row 2, field 11: expected a column name.*'42'"):
        load_case(semicolon_dir)


# ----------------------------------------------------------------------------- 4. tab-separated text


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8"])
def test_tab_separated_unicode_and_windows_text(semicolon_dir: Path, encoding: str) -> None:
    for name in TABLES:
        path = semicolon_dir / f"{name}.csv"
        text = path.read_text(encoding="utf-8").replace(";", "\t")
        path.write_bytes(text.encode(encoding))
    if encoding == "cp1252":
        with pytest.warns(kamlearn.KamlearnWarning, match="Windows-1252"):
            case = load_case(semicolon_dir)
    else:
        case = load_case(semicolon_dir)
    original = load_case()
    pd.testing.assert_frame_equal(case.accounts, original.accounts)
    pd.testing.assert_frame_equal(case.demands, original.demands)
    assert case.accounts.loc["A04", "name"] == "Trøndelag Meieri SA"


# ----------------------------------------------------------------------------- 5. workbook cells told apart


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    return load_case().to_excel(tmp_path / "case.xlsx")


def test_formula_without_saved_result(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["accounts"]["H3"] = "=0.8+0.1"  # retention of A02; openpyxl saves no result
    book.save(workbook)
    with pytest.raises(CaseError, match=r"sheet 'accounts', row 3, column 'retention'.*a formula with no saved "
                                        r"result \(=0.8\+0.1\).*Open the workbook in Excel or LibreOffice and save"):
        load_case(workbook)


def test_error_value(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["resources"]["E2"] = "#N/A"
    assert book["resources"]["E2"].data_type == "e"
    book.save(workbook)
    with pytest.raises(CaseError, match=r"sheet 'resources', row 2, column 'capacity'.*the error value #N/A "
                                        r"\(a value not available"):
        load_case(workbook)


def test_row_of_formulas_is_never_dropped(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book["demands"]
    for column in "ABC":
        sheet[f"{column}2"] = f"=Sheet9!{column}1"
    book.save(workbook)
    with pytest.raises(CaseError) as info:
        load_case(workbook)
    assert len(info.value.problems) == 3
    assert all("sheet 'demands', row 2" in p and "formula with no saved result" in p for p in info.value.problems)


def test_date_and_duration_cells(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["initiatives"]["H2"] = datetime.datetime(2024, 5, 1)
    book["initiatives"]["H2"].number_format = "dd.mm.yyyy"
    book["initiatives"]["I3"] = datetime.timedelta(hours=6)
    book["initiatives"]["I3"].number_format = "[h]:mm:ss"
    book.save(workbook)
    with pytest.raises(CaseError) as info:
        load_case(workbook)
    text = str(info.value)
    assert "row 2, column 'duration_months': expected a whole number between 1 and 12, found a date, 2024-05-01" in text
    assert "row 3, column 'earliest_start_month'" in text and "found a duration, 6:00:00" in text
    assert "datetime.datetime" not in text and "decimal comma" not in text


# ----------------------------------------------------------------------------- 6. duplicate sheets


def test_two_sheets_for_one_table(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    copy = book.copy_worksheet(book["accounts"])
    copy.title = "accounts "
    book.save(workbook)
    with pytest.raises(CaseError, match=r"case.xlsx: expected one sheet per table, found two sheets for "
                                        r"'accounts': 'accounts' and 'accounts '"):
        load_case(workbook)


# ----------------------------------------------------------------------------- 7. messages that say what is there


def test_blank_first_lines_are_skipped(semicolon_dir: Path) -> None:
    path = semicolon_dir / "accounts.csv"
    path.write_text("\n;;\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_case(semicolon_dir).accounts.loc["A01", "gross_margin"] == pytest.approx(0.24)


def test_title_line_above_the_header(semicolon_dir: Path) -> None:
    path = semicolon_dir / "accounts.csv"
    path.write_text("Kundeliste 2024\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CaseError, match=r"accounts.csv, line 1: expected the header.*found 'Kundeliste 2024', "
                                        r"which looks like a title; the header is on line 2"):
        load_case(semicolon_dir)


def test_title_row_above_the_header_in_a_workbook(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["accounts"].insert_rows(1)
    book["accounts"]["A1"] = "Kundeliste"
    book.save(workbook)
    with pytest.raises(CaseError, match=r"sheet 'accounts', row 1: expected the header.*found 'Kundeliste', which "
                                        r"looks like a title; the header is on row 2"):
        load_case(workbook)


def test_month_just_off_a_whole_number(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["initiatives"]["H2"] = 6.000000000000001
    book.save(workbook)
    with pytest.raises(CaseError, match=r"row 2, column 'duration_months': expected a whole number between 1 and "
                                        r"12, found 6.000000000000001. It is a rounding error away from 6"):
        load_case(workbook)


@pytest.mark.parametrize(("prefix", "name"), [("\ufeff", "zero width no-break space"),
                                              ("\ufeff\ufeff", "doubled byte-order mark"),
                                              ("\u200b", "zero width space"),
                                              ("\u00a0", "no-break space")])
def test_invisible_characters_around_headers_and_ids_are_forgiven(
    semicolon_dir: Path, prefix: str, name: str
) -> None:
    path = semicolon_dir / "accounts.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(prefix + text.replace("A01;", "A01" + prefix + ";", 1), encoding="utf-8")
    case = load_case(semicolon_dir)
    assert "A01" in case.accounts.index
    assert case.accounts.index[0] == "A01"


def test_invisible_character_inside_a_header_is_named(semicolon_dir: Path) -> None:
    replace_in(semicolon_dir / "accounts.csv", "account_id", "account\u200b_id")
    with pytest.raises(CaseError, match=r"found 'account<zero width space>_id' instead"):
        load_case(semicolon_dir)


def test_non_breaking_space_in_an_id_is_named(semicolon_dir: Path) -> None:
    replace_in(semicolon_dir / "initiatives.csv", ";A01;", ";A\u00a001;")
    with pytest.raises(CaseError, match=r"initiatives.csv, row 2, column 'account_id'.*found 'A<no-break space>01'"):
        load_case(semicolon_dir)


def test_number_with_percent_keeps_its_hint(semicolon_dir: Path) -> None:
    replace_in(semicolon_dir / "accounts.csv", ";0,24;", ";24 %;")
    with pytest.raises(CaseError, match=r"row 2, column 'gross_margin'.*found text '24 %'. Write shares as decimals"):
        load_case(semicolon_dir)


def test_loading_never_changes_the_files(semicolon_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in semicolon_dir.iterdir()}
    load_case(semicolon_dir)
    assert {p.name: p.read_bytes() for p in semicolon_dir.iterdir()} == before
