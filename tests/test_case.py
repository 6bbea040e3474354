"""Tests for kamlearn.case: loading, validation with clear errors, immutability and writing out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kamlearn
from kamlearn import Case, CaseError, load_case
from kamlearn._schema import TABLES
from kamlearn.case import embedded_data_path

DATA = embedded_data_path()


@pytest.fixture()
def case_dir(tmp_path: Path) -> Path:
    """A writable copy of the embedded case's CSV files."""
    target = tmp_path / "case"
    target.mkdir()
    for name in ("accounts", "resources", "initiatives", "demands", "staff", "company"):
        shutil.copy(DATA / f"{name}.csv", target / f"{name}.csv")
    return target


def edit_csv(folder: Path, table: str, old: str, new: str, count: int = 1) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# ----------------------------------------------------------------------------- the embedded case


def test_embedded_case_has_the_promised_shape() -> None:
    case = load_case()
    assert case.name == "Fjordpak AS"
    assert case.discount_rate == pytest.approx(0.10)
    assert 10 <= len(case.accounts) <= 20
    assert set(case.resources["kind"]) == {"financial", "technological", "human"}
    flagship = case.initiatives[case.initiatives["account_id"] == "A01"]
    assert len(flagship) == 8
    assert {"information_flow", "cost_savings"} <= set(flagship["focus"])
    assert len(case.staff) >= 8
    stages = set(case.accounts["stage"])
    assert {"Pre-KAM", "Early-KAM", "Mid-KAM", "Partnership-KAM", "Synergistic-KAM"} <= stages


def test_embedded_case_makes_every_resource_scarce() -> None:
    case = load_case()
    demand = case.demand_matrix().sum()
    capacity = case.resources["capacity"]
    scarce = demand > capacity
    assert scarce.all(), f"not scarce: {list(capacity.index[~scarce])}"


def test_embedded_case_has_a_few_key_accounts() -> None:
    abc = kamlearn.abc_analysis(load_case())
    n_a = int((abc["abc_class"] == "A").sum())
    assert 2 <= n_a <= 5
    assert abc.index[0] == "A01"


def test_data_dictionary_documents_every_column() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"{table.name}.csv" in readme
        for column in table.columns:
            assert f"`{column.name}`" in readme, f"{table.name}.{column.name} not documented"


def test_demand_matrix_matches_long_table() -> None:
    case = load_case()
    matrix = case.demand_matrix()
    demands = case.demands
    assert matrix.to_numpy().sum() == pytest.approx(demands["amount"].sum())
    row = demands.iloc[0]
    assert matrix.loc[row["initiative_id"], row["resource_id"]] == row["amount"]


def test_skill_matrix_reads_pipe_separated_skills() -> None:
    skills = load_case().skill_matrix()
    assert skills.loc["P01", "kam_hours"] and skills.loc["P01", "finance_hours"]
    assert not skills.loc["P01", "it_hours"]


# ----------------------------------------------------------------------------- immutability


def test_case_cannot_be_mutated_through_its_tables() -> None:
    case = load_case()
    accounts = case.accounts
    accounts.loc["A01", "retention"] = 0.1
    assert case.accounts.loc["A01", "retention"] == pytest.approx(0.78)


def test_case_attributes_cannot_be_set() -> None:
    case = load_case()
    with pytest.raises(AttributeError, match="immutable"):
        case.discount_rate = 0.2  # type: ignore[misc]


def test_with_capacity_returns_a_new_case() -> None:
    case = load_case()
    bigger = case.with_capacity(kam_hours=2000)
    assert bigger is not case
    assert bigger.resources.loc["kam_hours", "capacity"] == 2000
    assert case.resources.loc["kam_hours", "capacity"] == 1100


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ({"kam_hour": 10}, r"found 'kam_hour'.*Did you mean 'kam_hours'"),
        ({"kam_hours": -5}, r"kam_hours.*at least 0, found -5"),
        ({"kam_hours": float("nan")}, r"kam_hours.*found nan"),
    ],
)
def test_with_capacity_rejects_bad_values(change: dict[str, float], pattern: str) -> None:
    with pytest.raises(CaseError, match=pattern):
        load_case().with_capacity(change)


def test_with_tables_validates() -> None:
    case = load_case()
    accounts = case.accounts
    accounts.loc["A02", "retention"] = 1.5
    with pytest.raises(CaseError, match=r"table 'accounts', row 2, column 'retention'.*found 1.5"):
        case.with_tables(accounts=accounts)


def test_from_frames_accepts_id_as_column_or_index() -> None:
    case = load_case()
    frames = case.to_frames()
    built = Case.from_frames(frames["accounts"], case.resources, frames["initiatives"], case.demands,
                             name="Copy")
    assert list(built.accounts.index) == list(case.accounts.index)
    assert built.name == "Copy"


# ----------------------------------------------------------------------------- round trips


def test_csv_round_trip(tmp_path: Path) -> None:
    case = load_case()
    case.to_csv_folder(tmp_path / "out")
    again = load_case(tmp_path / "out")
    pd.testing.assert_frame_equal(again.accounts, case.accounts)
    pd.testing.assert_frame_equal(again.demands, case.demands)
    pd.testing.assert_frame_equal(again.staff, case.staff)
    assert again.name == case.name


def test_norwegian_excel_csv_round_trip(tmp_path: Path) -> None:
    case = load_case()
    case.to_csv_folder(tmp_path / "no", sep=";")
    text = (tmp_path / "no" / "accounts.csv").read_text(encoding="utf-8")
    assert ";0,78;" in text  # decimal comma, semicolon separator
    again = load_case(tmp_path / "no")
    pd.testing.assert_frame_equal(again.accounts, case.accounts)


def test_norwegian_thousands_separator_and_decimal_comma(case_dir: Path) -> None:
    lines = (case_dir / "accounts.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines]
    rows[1][4] = "118 000 000"
    rows[1][5] = "0,24"
    (case_dir / "accounts.csv").write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    case = load_case(case_dir)
    assert case.accounts.loc["A01", "yearly_revenue_nok"] == 118_000_000
    assert case.accounts.loc["A01", "gross_margin"] == pytest.approx(0.24)


def test_excel_round_trip(tmp_path: Path) -> None:
    case = load_case()
    path = case.to_excel(tmp_path / "case.xlsx")
    again = load_case(path)
    pd.testing.assert_frame_equal(again.initiatives, case.initiatives)
    pd.testing.assert_frame_equal(again.resources, case.resources)


def test_user_columns_are_kept(case_dir: Path, tmp_path: Path) -> None:
    path = case_dir / "accounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",notes"] + [line + ",note " + str(i) for i, line in enumerate(lines[1:])]
    path.write_text("\n".join(lines), encoding="utf-8")
    case = load_case(case_dir)
    assert case.accounts.loc["A01", "notes"] == "note 0"
    case.to_csv_folder(tmp_path / "out")
    assert "notes" in (tmp_path / "out" / "accounts.csv").read_text(encoding="utf-8").splitlines()[0]


def test_writing_never_overwrites_unless_asked(case_dir: Path) -> None:
    case = load_case(case_dir)
    before = (case_dir / "accounts.csv").read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        case.to_csv_folder(case_dir)
    assert (case_dir / "accounts.csv").read_bytes() == before
    case.to_csv_folder(case_dir, overwrite=True)
    assert load_case(case_dir).accounts.equals(case.accounts)


def test_excel_never_overwrites_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "case.xlsx"
    load_case().to_excel(target)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        load_case().to_excel(target)


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case()
    folder = case.to_csv_folder(tmp_path / "out")
    before = (folder / "accounts.csv").read_bytes()

    def broken(self: pd.DataFrame, path: object, **kwargs: object) -> None:
        Path(str(path)).write_text("half a fi", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        case.to_csv_folder(folder, overwrite=True)
    assert (folder / "accounts.csv").read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_loading_leaves_the_users_files_untouched(case_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in case_dir.iterdir()}
    load_case(case_dir)
    assert {p.name: p.read_bytes() for p in case_dir.iterdir()} == before


# ----------------------------------------------------------------------------- bad input: one clear error each

BAD_CSV_CASES = [
    # (table, old text, new text, pattern the message must match)
    ("accounts", "retention,stage", "retension,stage",
     r"accounts.csv, column 'retention': missing column; found 'retension' instead"),
    ("accounts", "account_id,name,industry", "id,name,industry",
     r"accounts.csv, column 'account_id': missing column"),
    ("accounts", "A01,Nordlys Dagligvare AS,Grocery retail,Oslo,118000000,0.24",
     "A01,Nordlys Dagligvare AS,Grocery retail,Oslo,118000000,24",
     r"accounts.csv, row 2, column 'gross_margin': expected a probability between 0 and 1, found 24"),
    ("accounts", "6500000,0.78", "6500000,1.2",
     r"accounts.csv, row 2, column 'retention': expected a probability between 0 and 1, found 1.2"),
    ("accounts", "6500000,0.78", "6500000,", r"row 2, column 'retention': expected a probability.*found an empty cell"),
    ("accounts", "118000000", "-118000000", r"row 2, column 'yearly_revenue_nok'.*found -1.18e\+08 \(negative\)"),
    ("accounts", "118000000", "inf", r"row 2, column 'yearly_revenue_nok'.*not finite"),
    ("accounts", "118000000", "lots", r"row 2, column 'yearly_revenue_nok': expected a number.*found text 'lots'"),
    ("accounts", "Mid-KAM", "Middle-KAM", r"row 2, column 'stage': expected one of .*found 'Middle-KAM'"),
    ("accounts", "A02,Havbruk", "A01,Havbruk", r"accounts.csv, row 3, column 'account_id'.*'A01' more than once \(rows 2, 3\)"),
    ("accounts", "0.78,Mid-KAM,0.45", "0.78,Mid-KAM,0", r"column 'share_of_wallet'.*above 0 and at most 1, found 0"),
    ("resources", "budget,Project budget,financial", "budget,Project budget,money",
     r"resources.csv, row 2, column 'kind'.*found 'money'"),
    ("resources", "NOK,2600000", "NOK,-1", r"resources.csv, row 2, column 'capacity'.*found -1 \(negative\)"),
    ("initiatives", "A01-G1,A01,", "A01-G1,A99,",
     r"initiatives.csv, row 2, column 'account_id': expected an id from the accounts table, found 'A99'"),
    ("initiatives", "A01-G2,A01,Cost-saving measures,cost_savings,0.1,0.15,0.0,4,",
     "A01-G2,A01,Cost-saving measures,cost_savings,0.1,0.15,0.0,4.5,",
     r"initiatives.csv, row 3, column 'duration_months': expected a whole number.*found 4.5"),
    ("initiatives", "0.0,4,1,8", "0.0,4,9,8",
     r"row 3, column 'latest_start_month': expected a month at or after earliest_start_month \(9\), found 8"),
    ("demands", "A01-G1,it_hours,420", "A01-G1,it_hour,420",
     r"demands.csv, row 2, column 'resource_id'.*found 'it_hour'.*Did you mean 'it_hours'"),
    ("demands", "A01-G1,it_hours,420", "A01-G9,it_hours,420",
     r"demands.csv, row 2, column 'initiative_id': expected an id from the initiatives table, found 'A01-G9'"),
    ("demands", "A01-G1,kam_hours,80", "A01-G1,it_hours,80",
     r"demands.csv, row 3, column 'resource_id': expected one row per initiative and resource"),
    ("staff", "kam_hours|finance_hours", "kam_hours|finanse",
     r"staff.csv, row 2, column 'skills'.*found 'finanse'"),
    ("staff", "P01,Ingrid Solberg,Key account manager,kam_hours|finance_hours,35",
     "P01,Ingrid Solberg,Key account manager,kam_hours|finance_hours,thirty",
     r"staff.csv, row 2, column 'hours_per_month'.*found text 'thirty'"),
    ("company", "0.10", "1.5", r"company.csv, row 2, column 'discount_rate'.*found 1.5"),
]


@pytest.mark.parametrize(("table", "old", "new", "pattern"), BAD_CSV_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(BAD_CSV_CASES)])
def test_bad_csv_raises_case_error_naming_file_row_column(
    case_dir: Path, table: str, old: str, new: str, pattern: str
) -> None:
    edit_csv(case_dir, table, old, new)
    before = (case_dir / f"{table}.csv").read_bytes()
    with pytest.raises(CaseError, match=pattern):
        load_case(case_dir)
    assert (case_dir / f"{table}.csv").read_bytes() == before


def test_case_error_is_a_value_error() -> None:
    assert issubclass(CaseError, ValueError)


def test_several_problems_are_reported_together(case_dir: Path) -> None:
    edit_csv(case_dir, "accounts", "6500000,0.78", "6500000,1.2")
    edit_csv(case_dir, "accounts", "3100000,0.9", "3100000,-0.1")
    with pytest.raises(CaseError) as info:
        load_case(case_dir)
    assert len(info.value.problems) == 2
    assert "2 problems" in str(info.value)


def test_percentage_gets_a_hint(case_dir: Path) -> None:
    edit_csv(case_dir, "accounts", "6500000,0.78", "6500000,78")
    with pytest.raises(CaseError, match=r"Write 0.78 for 78 %"):
        load_case(case_dir)


def test_missing_file(case_dir: Path) -> None:
    (case_dir / "demands.csv").unlink()
    with pytest.raises(CaseError, match=r"missing demands.csv; expected one CSV file per table"):
        load_case(case_dir)


def test_empty_table(case_dir: Path) -> None:
    text = (case_dir / "initiatives.csv").read_text(encoding="utf-8").splitlines()[0]
    (case_dir / "initiatives.csv").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"initiatives.csv: the table has no rows"):
        load_case(case_dir)


def test_empty_file(case_dir: Path) -> None:
    (case_dir / "resources.csv").write_text("", encoding="utf-8")
    with pytest.raises(CaseError, match=r"resources.csv: the file is empty"):
        load_case(case_dir)


def test_norwegian_excel_cp1252_is_read_with_a_warning(case_dir: Path) -> None:
    lines = (case_dir / "accounts.csv").read_text(encoding="utf-8").splitlines()
    text = "\n".join(";".join(line.split(",")) for line in lines).replace(";0.24;", ";0,24;")
    (case_dir / "accounts.csv").write_bytes(text.encode("cp1252"))
    with pytest.warns(kamlearn.KamlearnWarning, match=r"accounts.csv: not UTF-8; read it as Windows-1252"):
        case = load_case(case_dir)
    assert case.accounts.loc["A04", "name"] == "Trøndelag Meieri SA"
    assert case.accounts.loc["A01", "gross_margin"] == pytest.approx(0.24)


def test_unreadable_encoding(case_dir: Path) -> None:
    raw = (case_dir / "accounts.csv").read_bytes().replace(b"Oslo", b"Os\x81\x8d", 1)
    (case_dir / "accounts.csv").write_bytes(raw)
    with pytest.raises(CaseError, match=r"accounts.csv: cannot read the text: expected UTF-8.*found byte 0x81 on line 2"):
        load_case(case_dir)


def test_utf16_with_bom_is_read(case_dir: Path) -> None:
    text = (case_dir / "accounts.csv").read_text(encoding="utf-8")
    (case_dir / "accounts.csv").write_bytes(text.encode("utf-16"))
    assert load_case(case_dir).accounts.loc["A04", "name"] == "Trøndelag Meieri SA"


def test_binary_file_posing_as_csv(case_dir: Path) -> None:
    (case_dir / "staff.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CaseError, match=r"staff.csv: this is not a CSV text file"):
        load_case(case_dir)


def test_workbook_saved_as_csv(case_dir: Path, tmp_path: Path) -> None:
    load_case().to_excel(tmp_path / "x.xlsx")
    shutil.copy(tmp_path / "x.xlsx", case_dir / "accounts.csv")
    with pytest.raises(CaseError, match=r"looks like an Excel workbook"):
        load_case(case_dir)


def test_decimal_comma_in_comma_separated_file(case_dir: Path) -> None:
    edit_csv(case_dir, "accounts", "6500000,0.78", "6500000,0,78")
    with pytest.raises(CaseError, match=r"accounts.csv, row 2: expected 10 fields.*decimal comma"):
        load_case(case_dir)


def test_wrong_kind_of_path(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("hello", encoding="utf-8")
    with pytest.raises(CaseError, match=r"notes.txt: expected a folder of CSV files or an Excel workbook"):
        load_case(target)
    with pytest.raises(CaseError, match=r"no such file or folder"):
        load_case(tmp_path / "missing")
    single = tmp_path / "accounts.csv"
    single.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"not one CSV file"):
        load_case(single)


def test_corrupt_workbook(tmp_path: Path) -> None:
    target = tmp_path / "broken.xlsx"
    target.write_bytes(b"this is not a zip file at all")
    with pytest.raises(CaseError, match=r"broken.xlsx: not a readable Excel workbook"):
        load_case(target)


def test_workbook_missing_sheet_and_bad_cell(tmp_path: Path) -> None:
    case = load_case()
    frames = case.to_frames()
    path = tmp_path / "mine.xlsx"
    with pd.ExcelWriter(path) as writer:
        for name in ("accounts", "resources", "initiatives"):
            frames[name].to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(CaseError, match=r"mine.xlsx: missing sheet\(s\) 'demands'.*Found sheets: 'accounts'"):
        load_case(path)
    frames["accounts"] = frames["accounts"].astype({"retention": object})
    frames["accounts"].loc[3, "retention"] = "high"
    with pd.ExcelWriter(path) as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(CaseError, match=r"mine.xlsx, sheet 'accounts', row 5, column 'retention'.*found text 'high'"):
        load_case(path)


def test_bad_dataframe_input() -> None:
    case = load_case()
    with pytest.raises(CaseError, match=r"table 'accounts': expected a pandas DataFrame, found list"):
        Case.from_frames([1, 2], case.resources, case.initiatives, case.demands)  # type: ignore[arg-type]
    accounts = case.accounts
    accounts.loc["A03", "yearly_revenue_nok"] = np.inf
    with pytest.raises(CaseError, match=r"table 'accounts', row 3, column 'yearly_revenue_nok'.*not finite"):
        Case.from_frames(accounts, case.resources, case.initiatives, case.demands)


def test_error_messages_never_leak_pandas_tracebacks(case_dir: Path) -> None:
    edit_csv(case_dir, "demands", "A01-G1,it_hours,420", "A01-G1,it_hours,")
    with pytest.raises(CaseError) as info:
        load_case(case_dir)
    assert info.value.__cause__ is None
    assert re.search(r"demands.csv, row 2, column 'amount'.*empty cell", str(info.value))


def test_template_workbook_is_valid_and_documented() -> None:
    template = load_case(DATA / "template.xlsx")
    assert template.name == "My company AS"
    instructions = pd.read_excel(DATA / "template.xlsx", sheet_name="instructions")
    assert set(instructions["sheet"]) >= {"accounts", "resources", "initiatives", "demands", "staff"}
