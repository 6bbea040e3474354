"""Data in, in bokmål: an analyst who loads a Norwegian spreadsheet with ``KAMLEARN_LANG=nb`` reads every
error in bokmål, still naming file (and sheet), row (as the spreadsheet program counts it), column, what was
expected and what was found, with numbers in the Norwegian style; the command line and the course setup
speak bokmål too; English stays as it was.

Every expected text below is written out in full, so a changed translation or a lost placeholder fails.
"""

from __future__ import annotations

import datetime
import warnings
from pathlib import Path

import openpyxl
import pytest

import kamlearn
from kamlearn import CaseError, KamlearnWarning, load_case
from kamlearn import _checks as checks
from kamlearn._schema import TABLES
from kamlearn.cli import main
from kamlearn.course_setup import CopyReport
from kamlearn.i18n import ENV_VAR, _, language


@pytest.fixture()
def nb_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bokmål chosen the analyst's way: the environment variable, after ``import kamlearn``."""
    monkeypatch.setenv(ENV_VAR, "nb")


@pytest.fixture()
def norwegian_csv(tmp_path: Path) -> Path:
    """The embedded case as a Norwegian Excel saves it: ';'-separated with decimal commas."""
    return load_case().to_csv_folder(tmp_path / "firma", sep=";")


def set_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Write ``value`` into a cell of a ';'-separated CSV file; ``row`` counts as a spreadsheet does (header = 1)."""
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    cells = lines[row - 1].split(";")
    cells[header.index(column)] = value
    lines[row - 1] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def problem(folder_or_file: Path) -> str:
    with pytest.raises(CaseError) as info:
        load_case(folder_or_file)
    return str(info.value)


# ----------------------------------------------------------------------------- CSV files


def test_bad_csv_cell_in_bokmal_names_file_row_column(norwegian_csv: Path, nb_env: None) -> None:
    set_cell(norwegian_csv, "accounts", 4, "gross_margin", "85 %")
    assert problem(norwegian_csv) == (
        "accounts.csv, rad 4, kolonne 'gross_margin': forventet en sannsynlighet mellom 0 og 1, fant teksten "
        "'85 %'. Skriv andeler som desimaltall (0,85 for 85 %)."
    )


def test_the_same_csv_in_english_is_unchanged(norwegian_csv: Path, nb_env: None) -> None:
    set_cell(norwegian_csv, "accounts", 4, "gross_margin", "85 %")
    with language("en"):  # wins over KAMLEARN_LANG
        assert problem(norwegian_csv) == (
            "accounts.csv, row 4, column 'gross_margin': expected a probability between 0 and 1, found text "
            "'85 %'. Write shares as decimals (0.85 for 85 %)."
        )


def test_numbers_found_are_written_with_a_decimal_comma(norwegian_csv: Path, nb_env: None) -> None:
    set_cell(norwegian_csv, "accounts", 2, "retention", "85,5")
    set_cell(norwegian_csv, "resources", 3, "capacity", "-1,5")
    message = problem(norwegian_csv)
    assert message.startswith("2 problemer i casedataene:\n")
    assert ("  - accounts.csv, rad 2, kolonne 'retention': forventet en sannsynlighet mellom 0 og 1, fant 85,5. "
            "Har du skrevet en prosentsats? Skriv 0,855 for 85,5 %.") in message
    assert ("  - resources.csv, rad 3, kolonne 'capacity': forventet et tall som er minst 0, fant -1,5 "
            "(negativt).") in message


def test_ambiguous_number_in_bokmal(tmp_path: Path, nb_env: None) -> None:
    # a tab-separated file implies no decimal mark; a column holding only "1.100"-like cells cannot be read
    case = load_case()
    folder = case.to_csv_folder(tmp_path / "tab")
    text = "initiative_id\tresource_id\tamount\n" + "".join(
        f"{row.initiative_id}\t{row.resource_id}\t1.100\n" for row in case.demands.head(3).itertuples())
    (folder / "demands.csv").write_text(text, encoding="utf-8")
    assert problem(folder).startswith("3 problemer i casedataene:\n  - demands.csv, rad 2, kolonne 'amount': "
        "forventet et tall som er minst 0, fant '1.100', som er 1100 hvis '.' skiller tusener, eller 1,1 hvis '.' "
        "er desimaltegnet, og ingenting annet i kolonnen eller filen viser hvilket. Skriv tallet uten "
        "tusenskilletegn.\n  - demands.csv, rad 3, ")


def test_unknown_reference_suggests_the_id(norwegian_csv: Path, nb_env: None) -> None:
    set_cell(norwegian_csv, "initiatives", 2, "account_id", "A01x")
    assert problem(norwegian_csv) == (
        "initiatives.csv, rad 2, kolonne 'account_id': forventet en id fra tabellen accounts, fant 'A01x', som ikke "
        "finnes der. Mente du 'A01'?"
    )


def test_missing_column_gives_its_meaning_in_bokmal(norwegian_csv: Path, nb_env: None) -> None:
    path = norwegian_csv / "accounts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("retention", "kundebehold", 1), encoding="utf-8")
    message = problem(norwegian_csv)
    assert message.startswith("accounts.csv, kolonne 'retention': kolonne mangler; forventet en kolonne 'retention' "
                              "(Sannsynligheten for at kunden blir ett år til uten tiltak (gjenkjøpsrate)). "
                              "Fant kolonnene: 'account_id', 'name'")


def test_windows_text_warns_in_bokmal(norwegian_csv: Path, nb_env: None) -> None:
    path = norwegian_csv / "accounts.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.warns(KamlearnWarning, match=r"^accounts.csv: ikke UTF-8; leste filen som Windows-1252") as caught:
        load_case(norwegian_csv)
    assert "Sjekk at bokstaver som æ, ø og å ser riktige ut." in str(caught[0].message)


def test_missing_files_and_wrong_paths_in_bokmal(norwegian_csv: Path, nb_env: None) -> None:
    (norwegian_csv / "demands.csv").unlink()
    assert problem(norwegian_csv).startswith(
        f"{norwegian_csv}: mangler demands.csv; forventet én CSV-fil per tabell (accounts, resources, initiatives, "
        "demands; staff og company er valgfrie). Fant: accounts.csv")
    assert problem(norwegian_csv / "accounts.csv") == (
        f"accounts.csv: et case er en mappe med CSV-filer (én per tabell), ikke én CSV-fil; gi mappen "
        f"{str(norwegian_csv)!r} i stedet.")
    assert problem(norwegian_csv / "nowhere") == (
        f"{norwegian_csv / 'nowhere'}: filen eller mappen finnes ikke; forventet en mappe med CSV-filer eller en "
        ".xlsx-arbeidsbok.")


# ----------------------------------------------------------------------------- workbooks


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    return load_case().to_excel(tmp_path / "firma.xlsx")


def test_bad_xlsx_cell_in_bokmal_names_sheet_row_column(workbook: Path, nb_env: None) -> None:
    book = openpyxl.load_workbook(workbook)
    book["accounts"]["E3"] = -1_200_000.5  # yearly_revenue_nok of A02
    book["accounts"]["H4"] = datetime.datetime(2026, 3, 1)  # retention of A03, typed as a date
    book["resources"]["E2"] = True  # capacity of the budget
    book["resources"]["E3"] = "#DIV/0!"
    assert book["resources"]["E3"].data_type == "e"
    book.save(workbook)
    assert problem(workbook) == "\n".join([
        "4 problemer i casedataene:",
        "  - firma.xlsx, ark 'accounts', rad 3, kolonne 'yearly_revenue_nok': forventet et tall som er minst 0, "
        "fant -1200000,5 (negativt).",
        "  - firma.xlsx, ark 'accounts', rad 4, kolonne 'retention': forventet en sannsynlighet mellom 0 og 1, "
        "fant en dato, 2026-03-01 (cellen er formatert som dato; formater den som tall eller tekst).",
        "  - firma.xlsx, ark 'resources', rad 2, kolonne 'capacity': forventet et tall som er minst 0, "
        "fant sannhetsverdien SANN.",
        "  - firma.xlsx, ark 'resources', rad 3, kolonne 'capacity': forventet et tall som er minst 0, "
        "fant feilverdien #DIV/0! (en divisjon med null); rett formelen som gir den, eller skriv inn verdien.",
    ])


def test_workbook_without_a_sheet_and_with_a_title_row(workbook: Path, nb_env: None) -> None:
    book = openpyxl.load_workbook(workbook)
    book["resources"].insert_rows(1)
    book["resources"]["A1"] = "Ressurser 2026"
    book.save(workbook)
    assert problem(workbook) == (
        "firma.xlsx, ark 'resources', rad 1: forventet overskriftsraden med kolonnenavnene (resource_id, name, "
        "kind, unit, ...), fant 'Ressurser 2026', som ser ut som en tittel; overskriftsraden står på rad 2. "
        "Slett radene over overskriftsraden.")
    book["resources"].delete_rows(1)
    del book["demands"]
    book.save(workbook)
    assert problem(workbook).startswith(
        "firma.xlsx: arket 'demands' mangler; forventet ett ark per tabell med navnene accounts, resources, "
        "initiatives, demands (staff og company er valgfrie). Fant arkene: 'accounts'")


# ----------------------------------------------------------------------------- the Case, settings and checks


def test_case_shows_itself_and_refuses_in_bokmal(nb_env: None) -> None:
    case = load_case()
    assert repr(case) == "Case('Fjordpak AS': 16 kunder, 9 ressurser, 28 prosjektgrupper, 12 ansatte)"
    assert "12 ansatte; diskonteringsrente 10\u00a0%<table" in case._repr_html_()
    html = case._repr_html_()
    assert "<td>1\u00a0100</td>" in html  # kam_hours' capacity, grouped the Norwegian way
    assert "<th>kapasitet</th>" in html and "<th>enhet</th>" in html
    assert list(case.resources.columns[:3]) == ["name", "kind", "unit"]  # the frame's columns stay API
    with pytest.raises(CaseError, match=r"^with_capacity: forventet en ressurs-id \(budget, .*\), fant 'kam_hour'\. "
                                        r"Mente du 'kam_hours'\?$"):
        case.with_capacity(kam_hour=1200)
    with pytest.raises(CaseError, match=r"^discount_rate: forventet et tall mellom 0 og 1, fant 1\.5\.$"):
        case.with_discount_rate(1.5)
    with pytest.raises(CaseError, match=r"^tabellen 'accounts': forventet en pandas DataFrame, fant list\.$"):
        kamlearn.Case([], case.resources, case.initiatives, case.demands)
    with pytest.raises(AttributeError, match=r"^en Case kan ikke endres; kan ikke sette 'name'\."):
        case.name = "Annet AS"  # type: ignore[misc]


def test_english_repr_is_unchanged() -> None:
    with language("en"):
        assert repr(load_case()) == "Case('Fjordpak AS': 16 accounts, 9 resources, 28 initiatives, 12 staff)"
        assert "12 staff; discount rate 10%<table" in load_case()._repr_html_()


def test_argument_checks_translate_frame_and_numbers(nb_env: None) -> None:
    with pytest.raises(ValueError, match=r"^retention: forventet et tall fra 0 til 1, fant 1,5\.$"):
        checks.probability("retention", 1.5)
    with pytest.raises(ValueError, match=r"^draws: forventet et heltall som er minst 1, fant 0\.$"):
        checks.positive_int("draws", 0)
    with pytest.raises(ValueError, match=r"^policy: forventet én av 'optimal', 'greedy', fant 'best'\.$"):
        checks.one_of("policy", "best", ["optimal", "greedy"])
    with pytest.raises(ValueError, match=r"^plan: forventet kjente id-er, fant 'Z9' \(ikke blant A01, A02\)\.$"):
        checks.known_ids("plan", ["Z9"], ["A01", "A02"])
    # a caller's own <what>, passed through _() by the caller: used as given, inside the bokmål frame
    with pytest.raises(ValueError, match=r"^hours: forventet et endelig tall, fant nan\.$"):
        checks.finite_number("hours", float("nan"))
    error = checks.fail("months", _("a finite number"), 2.5, why=_("known ids"))
    assert str(error) == "months: forventet et endelig tall, fant 2,5 (kjente id-er)."
    with language("en"):
        assert str(checks.fail("months", _("a finite number"), 2.5)) == "months: expected a finite number, found 2.5."


def test_data_dictionary_reads_in_the_language_of_the_moment() -> None:
    share = next(c for c in TABLES["accounts"].columns if c.name == "share_of_wallet")
    low = next(c for c in TABLES["initiatives"].columns if c.name == "churn_reduction_low")
    with language("nb"):
        assert share.expectation() == "et tall over 0 og høyst 1"
        assert str(share.description) == "Vår andel av kundens kjøp av den typen produkter vi leverer (0 < andel <= 1)."
        assert str(low.description).startswith("Laveste rimelige verdi av churn_reduction (valgfri; gi både "
                                                "churn_reduction_low og churn_reduction_high")
    with language("en"):
        assert share.expectation() == "a number above 0 and at most 1"
        assert str(low.description).startswith("Lowest plausible churn_reduction (optional; give both")


# ----------------------------------------------------------------------------- command line and course setup


def test_cli_errors_in_bokmal(norwegian_csv: Path, nb_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    set_cell(norwegian_csv, "accounts", 4, "gross_margin", "85 %")
    assert main(["plan", str(norwegian_csv)]) == 2
    assert capsys.readouterr().err == (
        "kamlearn: feil: accounts.csv, rad 4, kolonne 'gross_margin': forventet en sannsynlighet mellom 0 og 1, "
        "fant teksten '85 %'. Skriv andeler som desimaltall (0,85 for 85 %).\n")
    assert main(["plan", str(norwegian_csv), "--policy", "best"]) == 2
    assert capsys.readouterr().err.startswith("kamlearn: feil: --policy: forventet én av optimal, ")
    assert main(["plan", str(norwegian_csv), "--report", str(norwegian_csv / "rapport.pdf")]) == 2
    assert capsys.readouterr().err == (
        f"kamlearn: feil: {norwegian_csv / 'rapport.pdf'}: forventet et filnavn som slutter på .xlsx.\n")


def test_cli_help_in_bokmal(nb_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert "bedriftens arbeidsbok (.xlsx) eller mappe med CSV-filer" in shown
    assert "skriv rapporten som en Excel-arbeidsbok" in shown


def test_course_setup_report_in_bokmal(tmp_path: Path) -> None:
    report = CopyReport(folder=tmp_path, copied=["00_start_here.ipynb", "01_x.ipynb"], unchanged=["README.md"],
                        kept=["02_y.ipynb"])
    with language("nb"):
        assert report.lines() == [
            f"Kursmappe: {tmp_path}",
            "  kopierte 2 filer: 00_start_here.ipynb, 01_x.ipynb",
            "  1 fil var allerede oppdatert",
            "  beholdt din egen versjon av: 02_y.ipynb",
            "  (kjør på nytt med --force for å erstatte dem med kursets versjon; da mister du endringene dine)",
        ]
    with language("en"):
        assert report.lines()[1:3] == ["  copied 2 file(s): 00_start_here.ipynb, 01_x.ipynb",
                                       "  1 file(s) already up to date"]


def test_message_follows_the_language_at_the_time_of_the_error(norwegian_csv: Path) -> None:
    set_cell(norwegian_csv, "accounts", 4, "gross_margin", "85 %")
    messages = []
    for lang in ("nb", "en", "nb"):
        with language(lang), warnings.catch_warnings():
            warnings.simplefilter("error")
            messages.append(problem(norwegian_csv).split(":")[0])
    assert messages == ["accounts.csv, rad 4, kolonne 'gross_margin'", "accounts.csv, row 4, column 'gross_margin'",
                        "accounts.csv, rad 4, kolonne 'gross_margin'"]


def test_dataframe_input_names_the_table_in_bokmal() -> None:
    case = load_case()
    accounts = case.accounts.reset_index()
    accounts.loc[1, "stage"] = "Mid-kam "
    accounts.loc[2, "stage"] = "Midt-KAM"
    with language("nb"), pytest.raises(CaseError) as info:
        kamlearn.Case(accounts, case.resources, case.initiatives, case.demands)
    assert str(info.value) == (
        "tabellen 'accounts', rad 3, kolonne 'stage': forventet én av 'Pre-KAM', 'Early-KAM', 'Mid-KAM', "
        "'Partnership-KAM', 'Synergistic-KAM', 'Uncoupling-KAM', fant 'Midt-KAM'. Mente du 'Mid-KAM'?")


def test_duplicate_id_names_every_row_in_bokmal(norwegian_csv: Path, nb_env: None) -> None:
    set_cell(norwegian_csv, "resources", 5, "resource_id", "budget")
    assert problem(norwegian_csv) == (
        "resources.csv, rad 5, kolonne 'resource_id': forventet en unik id, fant 'budget' mer enn én gang "
        "(radene 2, 5).")
