"""Parity of the bokmål course with the English one (issue 15).

Every notebook under ``notebooks/nb/`` (and ``notebooks/nb/solutions/``) is the Norwegian twin of the English
notebook with the same file name one folder up. The twins must teach the same thing with the same code:

- the Norwegian notebook's first code cell is exactly ``%env KAMLEARN_LANG=nb`` (its own cell, the only cell the
  English twin lacks); the dashboard's is the quiet ``%%capture`` form of it, so that Voila shows nothing above
  the tabs;
- apart from that cell: the same number of cells, the same cell types in the same order, the same tags;
- every code cell equals its English twin once string literals (f-strings included) and comments are removed
  with :mod:`tokenize`: only text a person reads may differ (labels, printed sentences, assertion messages);
- the numbers inside f-strings are the same too: each cell's replacement fields (``{mnok(team.cost)}``, with
  their format specs) equal the twin's, in any order (a translation may reorder a sentence), so both languages
  print the same numbers through :mod:`kamlearn.formatting`; and no notebook writes numbers the bokmål way by hand
  (``format(x, ',.0f').replace(',', ' ')``): the formatter does that from the language setting;
- pandas tables too: a notebook that sets ``display.float_format`` sets it to
  :func:`kamlearn.formatting.table_format` (``"{:,.2f}".format`` would print English digits in bokmål);
- string literals that are relative paths (``../...``, ``data/...``) may differ only by the one extra ``../``
  a notebook one folder deeper needs;
- the same number of exercises (calls into ``kamlearn.exercises``) and of claim-check cells.

A Norwegian notebook without an English twin fails. The checks are plain functions, so the unit tests at the
end can show each of them failing on a doctored copy.
"""

from __future__ import annotations

import ast
import copy
import io
import itertools
import json
import re
import tokenize
from pathlib import Path
from typing import Any

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "notebooks"
NORWEGIAN = ENGLISH / "nb"
NB_NOTEBOOKS = sorted(p for p in NORWEGIAN.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)  # JupyterLab's copies
LANGUAGE_CELL = "%env KAMLEARN_LANG=nb"
QUIET_LANGUAGE_CELL = f"%%capture\n{LANGUAGE_CELL}"  # the same, printing nothing (the Voila dashboard)
LANGUAGE_CELLS = (LANGUAGE_CELL, QUIET_LANGUAGE_CELL)
# Writing the bokmål digits by hand: replacing the decimal point or the thousands comma of an English format.
FLOAT_FORMAT = re.compile(r"""display\.float_format['"]\s*,(?!\s*table_format\()""")
HAND_FORMATTED = re.compile(r"""\.replace\(\s*(['"])[.,]\1\s*,\s*(['"])[ ,\u00a0]\2\s*\)""")
CLAIM_CHECK = "claim-check"
STRING = "<str>"
# Relative paths in string literals: a notebook in notebooks/nb/ needs one more "../" than its twin in notebooks/.
PATH_LITERAL = re.compile(r"^(?:\.\./)+|^data/")
# Token types that never count: comments, and line breaks inside brackets (a longer translated string may
# need its own line). FSTRING_* exist from Python 3.12 on; getattr keeps 3.11 (one STRING token) working.
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


def twin(path: Path, norwegian: Path = NORWEGIAN, english: Path = ENGLISH) -> Path:
    """The English twin of a Norwegian notebook: the same relative path, one folder up."""
    return english / path.relative_to(norwegian)


_IPYTHON = TransformerManager()


def _python(source: str) -> str:
    """Cell source as plain Python (IPython magics such as ``%env`` become function calls)."""
    return _IPYTHON.transform_cell(source)


def code_skeleton(source: str) -> list[tuple[int, str]]:
    """The tokens of a code cell without comments and with every string literal replaced by one placeholder.

    Adjacent literals (implicit concatenation) collapse to one placeholder, so re-wrapping a translated string
    over two lines changes nothing; an f-string counts as one literal, its expressions included.

    >>> code_skeleton('print("Hello", x)  # greet') == code_skeleton("print('Hei ' 'du', x)")
    True
    >>> code_skeleton('print("Hello", x)') == code_skeleton('print("Hello", y)')
    False
    """
    out: list[tuple[int, str]] = []
    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(_python(source)).readline):
        if token.type == FSTRING_START:
            depth += 1
            continue
        if token.type == FSTRING_END:
            depth -= 1
            if depth == 0 and (not out or out[-1][1] != STRING):
                out.append((tokenize.STRING, STRING))
            continue
        if depth or token.type in SKIPPED:
            continue
        if token.type == tokenize.STRING:
            if not out or out[-1][1] != STRING:
                out.append((tokenize.STRING, STRING))
            continue
        out.append((token.type, token.string))
    return out


class _ReadableStrings(ast.NodeTransformer):
    """String constants a person reads (not subscript keys, not call arguments naming things) -> a placeholder."""

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        node.value = self.visit(node.value)
        return node  # the key stays: row['name'] is code

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node.func = self.visit(node.func)
        return node  # arguments stay: number(x, 'hours') names a unit, not a sentence

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant(STRING) if isinstance(node.value, str) else node


def fstring_fields(source: str) -> list[str]:
    """The replacement fields of a cell's f-strings (expression, conversion and format spec), sorted.

    String literals inside a field (``{top['gained'] or 'none'}``) are text a person reads and may be translated:
    they count as one placeholder.  Keys in brackets (``row['name']``) stay, as they are code.

    >>> fstring_fields('print(f"Cost {mnok(cost)}, {share:.0%} of the plan")')
    ['mnok(cost)', 'share:.0%']
    >>> fstring_fields('print(f"{share:.0%} av planen koster {mnok(cost)}")') == fstring_fields(
    ...     'print(f"Cost {mnok(cost)}, {share:.0%} of the plan")')
    True
    """
    fields = []
    tree = ast.parse(_python(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            spec = node.format_spec
            text = ast.unparse(_ReadableStrings().visit(copy.deepcopy(node.value)))
            if node.conversion != -1:
                text += "!" + chr(node.conversion)
            if spec is not None:
                text += ":" + ast.unparse(spec)[2:-1]  # the spec is itself an f-string: f'...'
            fields.append(text)
    return sorted(fields)


def path_literals(source: str) -> list[str]:
    """String literals of a cell that are relative paths (``../x``, ``data/x``), quotes removed."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(_python(source)).readline):
        if token.type == tokenize.STRING:
            body = token.string.lstrip("rRbBuUfF")[1:-1].strip("'\"")
            if PATH_LITERAL.match(body):
                found.append(body)
    return found


def exercise_calls(source: str) -> int:
    """How many calls into ``kamlearn.exercises`` a code cell makes (``exercises.check_x(...)`` or ``check_x(...)``)."""
    names = [text for _, text in code_skeleton(source)]
    return sum(name.startswith("check_") and after == "(" for name, after in itertools.pairwise(names))


def tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def parity_problems(norwegian: Path, english: Path) -> list[str]:
    """Everything that keeps a Norwegian notebook from being a faithful twin of the English one (empty: twins)."""
    if not english.exists():
        return [f"{norwegian.name}: no English twin at {english}"]
    nb_cells = nbformat.read(norwegian, as_version=4).cells
    en_cells = nbformat.read(english, as_version=4).cells
    problems: list[str] = []
    first_code = next((i for i, c in enumerate(nb_cells) if c.cell_type == "code"), None)
    if first_code is None or nb_cells[first_code].source.strip() not in LANGUAGE_CELLS:
        found = None if first_code is None else nb_cells[first_code].source.strip()[:60]
        return [f"{norwegian.name}: the first code cell must be {LANGUAGE_CELL!r}, found {found!r}"]
    nb_cells = nb_cells[:first_code] + nb_cells[first_code + 1:]
    if len(nb_cells) != len(en_cells):
        return [f"{norwegian.name}: {len(nb_cells)} cells besides the language cell, the English twin has "
                f"{len(en_cells)}"]
    for index, (nb_cell, en_cell) in enumerate(zip(nb_cells, en_cells, strict=True)):
        where = f"{norwegian.name} cell {index} (English numbering)"
        if nb_cell.cell_type != en_cell.cell_type:
            problems.append(f"{where}: a {nb_cell.cell_type} cell where the English has a {en_cell.cell_type} cell")
            continue
        if tags(nb_cell) != tags(en_cell):
            problems.append(f"{where}: tags {tags(nb_cell)}, the English twin has {tags(en_cell)}")
        if nb_cell.cell_type != "code":
            continue
        if code_skeleton(nb_cell.source) != code_skeleton(en_cell.source):
            problems.append(f"{where}: the code differs from the English twin beyond strings and comments:\n"
                            f"{nb_cell.source}\n--- English:\n{en_cell.source}")
        if fstring_fields(nb_cell.source) != fstring_fields(en_cell.source):
            problems.append(f"{where}: the numbers in its f-strings differ from the English twin's: "
                            f"{fstring_fields(nb_cell.source)} against {fstring_fields(en_cell.source)}")
        for source, language in ((nb_cell.source, "bokmål"), (en_cell.source, "English")):
            hand = [m.group() for line in source.splitlines() for m in HAND_FORMATTED.finditer(line)]
            if hand:
                problems.append(f"{where}: the {language} code writes digits by hand ({hand[0]}); "
                                "use kamlearn.formatting")
            if FLOAT_FORMAT.search(source):
                problems.append(f"{where}: the {language} code sets pandas' display.float_format to something "
                                "other than kamlearn.formatting.table_format (its tables would not follow the language)")
        nb_paths, en_paths = path_literals(nb_cell.source), path_literals(en_cell.source)
        if len(nb_paths) != len(en_paths) or any(n not in (e, f"../{e}") for n, e in zip(nb_paths, en_paths, strict=True)):
            problems.append(f"{where}: relative paths {nb_paths}, the English twin has {en_paths} "
                            "(one more '../' is the only change allowed)")
    nb_code = [c.source for c in nb_cells if c.cell_type == "code"]
    en_code = [c.source for c in en_cells if c.cell_type == "code"]
    nb_exercises, en_exercises = sum(map(exercise_calls, nb_code)), sum(map(exercise_calls, en_code))
    if nb_exercises != en_exercises:
        problems.append(f"{norwegian.name}: {nb_exercises} exercise calls, the English twin has {en_exercises}")
    nb_checks = sum(CLAIM_CHECK in tags(c) for c in nb_cells)
    en_checks = sum(CLAIM_CHECK in tags(c) for c in en_cells)
    if nb_checks != en_checks:
        problems.append(f"{norwegian.name}: {nb_checks} claim-check cells, the English twin has {en_checks}")
    return problems


def test_there_are_norwegian_notebooks() -> None:
    assert NB_NOTEBOOKS, f"no Norwegian notebooks under {NORWEGIAN}"
    assert all(p.parent in (NORWEGIAN, NORWEGIAN / "solutions") for p in NB_NOTEBOOKS), NB_NOTEBOOKS


@pytest.mark.parametrize("path", NB_NOTEBOOKS, ids=[str(p.relative_to(NORWEGIAN)) for p in NB_NOTEBOOKS])
def test_norwegian_notebook_is_a_twin_of_the_english_one(path: Path) -> None:
    problems = parity_problems(path, twin(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NB_NOTEBOOKS, ids=[str(p.relative_to(NORWEGIAN)) for p in NB_NOTEBOOKS])
def test_norwegian_notebook_has_exercises_like_its_twin(path: Path) -> None:
    """Not vacuous: a course notebook with exercises keeps them all (the count is compared above)."""
    english = twin(path)
    en_code = [c.source for c in nbformat.read(english, as_version=4).cells if c.cell_type == "code"]
    nb_code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert sum(map(exercise_calls, nb_code)) == sum(map(exercise_calls, en_code))


# ---- the checks fail where they should: doctored copies in tmp_path --------------------------------------------

ENGLISH_CELLS: list[Any] = [
    nbformat.v4.new_markdown_cell("# Title\n\nSome prose."),
    nbformat.v4.new_code_cell('import kamlearn\nfrom kamlearn import exercises\ncase = kamlearn.load_case()'),
    nbformat.v4.new_code_cell('print(f"Revenue {case.accounts.shape[0]:,} accounts")  # count\n'
                              'frame = load("../data/accounts.csv")'),
    nbformat.v4.new_code_cell('assert 1 + 1 == 2, "the prose says two"', metadata={"tags": [CLAIM_CHECK]}),
    nbformat.v4.new_code_cell("answer = None  # e.g. \"yes\"\nexercises.check_glossary(answer)"),
]
NORWEGIAN_CELLS: list[Any] = [
    nbformat.v4.new_markdown_cell("# Tittel\n\nLitt tekst."),
    nbformat.v4.new_code_cell(LANGUAGE_CELL),
    nbformat.v4.new_code_cell('import kamlearn\nfrom kamlearn import exercises\ncase = kamlearn.load_case()'),
    nbformat.v4.new_code_cell('print(f"Omsetning {case.accounts.shape[0]:,} "\n      "kunder")  # antall\n'
                              'frame = load("../../data/accounts.csv")'),
    nbformat.v4.new_code_cell('assert 1 + 1 == 2, "teksten sier to"', metadata={"tags": [CLAIM_CHECK]}),
    nbformat.v4.new_code_cell("answer = None  # f.eks. \"ja\"\nexercises.check_glossary(answer)"),
]


def write_pair(tmp_path: Path, norwegian_cells: list[Any], english_cells: list[Any] = ENGLISH_CELLS) -> Path:
    (tmp_path / "nb").mkdir(exist_ok=True)
    for folder, cells in ((tmp_path, english_cells), (tmp_path / "nb", norwegian_cells)):
        copies = [nbformat.from_dict(json.loads(json.dumps(c))) for c in cells]
        for number, cell in enumerate(copies):
            cell["id"] = f"cell-{number}"
        notebook = nbformat.v4.new_notebook(cells=copies)
        nbformat.write(notebook, folder / "01_x.ipynb")
    return tmp_path / "nb" / "01_x.ipynb"


def problems_of(tmp_path: Path, norwegian_cells: list[Any]) -> list[str]:
    path = write_pair(tmp_path, norwegian_cells)
    return parity_problems(path, twin(path, tmp_path / "nb", tmp_path))


def doctored(index: int, source: str | None = None, tags_: list[str] | None = None) -> list[Any]:
    cells = [nbformat.from_dict(json.loads(json.dumps(c))) for c in NORWEGIAN_CELLS]
    if source is not None:
        cells[index].source = source
    if tags_ is not None:
        cells[index].metadata["tags"] = tags_
    return cells


def test_parity_accepts_a_faithful_translation(tmp_path: Path) -> None:
    assert problems_of(tmp_path, NORWEGIAN_CELLS) == []


def test_parity_fails_when_code_outside_strings_changes(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, doctored(2, 'import kamlearn\nfrom kamlearn import exercises\n'
                                                 'case = kamlearn.load_case(seed=1)'))
    assert any("beyond strings and comments" in p for p in problems), problems


def test_parity_fails_when_the_numbers_in_a_sentence_differ(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, doctored(3, 'print(f"Omsetning {case.accounts.shape[0]:.0f} "\n      "kunder")\n'
                                                 'frame = load("../../data/accounts.csv")'))
    assert any("numbers in its f-strings differ" in p for p in problems), problems
    # The same fields in another order (a translation reorders the sentence) are fine.
    cells = [*ENGLISH_CELLS[:2], nbformat.v4.new_code_cell('print(f"{a} and {mnok(b)}")'), *ENGLISH_CELLS[3:]]
    path = write_pair(tmp_path, [*NORWEGIAN_CELLS[:3], nbformat.v4.new_code_cell('print(f"{mnok(b)} og {a}")'),
                                 *NORWEGIAN_CELLS[4:]], cells)
    assert parity_problems(path, twin(path, tmp_path / "nb", tmp_path)) == []


def test_parity_fails_when_digits_are_written_by_hand(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, doctored(3, 'print(f"Omsetning {case.accounts.shape[0]:,} "\n      "kunder")\n'
                                                 'frame = load("../../data/accounts.csv")\n'
                                                 "x = format(1.5, '.1f').replace('.', ',')"))
    assert any("writes digits by hand" in p for p in problems), problems


def test_parity_fails_when_pandas_prints_english_digits(tmp_path: Path) -> None:
    english = [*ENGLISH_CELLS[:2], nbformat.v4.new_code_cell('pd.set_option("display.float_format", "{:,.2f}".format)'),
               *ENGLISH_CELLS[3:]]
    norwegian = [*NORWEGIAN_CELLS[:3], nbformat.v4.new_code_cell(english[2].source), *NORWEGIAN_CELLS[4:]]
    path = write_pair(tmp_path, norwegian, english)
    problems = parity_problems(path, twin(path, tmp_path / "nb", tmp_path))
    assert sum("display.float_format" in p for p in problems) == 2, problems  # both languages' cells
    fixed_cell = 'pd.set_option("display.float_format", table_format(2))'
    english[2] = nbformat.v4.new_code_cell(fixed_cell)
    norwegian[3] = nbformat.v4.new_code_cell(fixed_cell)
    path = write_pair(tmp_path, norwegian, english)
    assert parity_problems(path, twin(path, tmp_path / "nb", tmp_path)) == []


def test_parity_accepts_the_quiet_language_cell(tmp_path: Path) -> None:
    assert problems_of(tmp_path, doctored(1, QUIET_LANGUAGE_CELL)) == []


def test_parity_fails_without_the_language_cell(tmp_path: Path) -> None:
    cells = [c for c in NORWEGIAN_CELLS if c.source != LANGUAGE_CELL]
    assert any("first code cell must be" in p for p in problems_of(tmp_path, cells))


def test_parity_fails_when_a_cell_is_missing_or_moved(tmp_path: Path) -> None:
    assert any("cells besides the language cell" in p for p in problems_of(tmp_path, NORWEGIAN_CELLS[:-1]))
    swapped = [*NORWEGIAN_CELLS[:3], NORWEGIAN_CELLS[0], *NORWEGIAN_CELLS[4:]]
    assert any("a markdown cell where the English has a code cell" in p for p in problems_of(tmp_path, swapped))


def test_parity_fails_when_tags_differ(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, doctored(4, tags_=[]))
    assert any("tags []" in p for p in problems), problems
    assert any("claim-check cells" in p for p in problems), problems


def test_parity_fails_when_an_exercise_is_dropped_or_added(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, doctored(5, "answer = None\nanswer"))
    assert any("exercise calls" in p for p in problems), problems
    problems = problems_of(tmp_path, doctored(5, "answer = None\nexercises.check_glossary(answer)\n"
                                                 "exercises.check_glossary('ja')"))
    assert any("2 exercise calls, the English twin has 1" in p for p in problems), problems


def test_parity_fails_when_a_relative_path_changes_otherwise(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, doctored(3, 'print(f"Omsetning {case.accounts.shape[0]:,} kunder")\n'
                                                 'frame = load("../../data/other.csv")'))
    assert any("relative paths" in p for p in problems), problems


def test_parity_fails_without_an_english_twin(tmp_path: Path) -> None:
    path = write_pair(tmp_path, NORWEGIAN_CELLS)
    assert "no English twin" in parity_problems(path, tmp_path / "99_missing.ipynb")[0]


def test_exercise_calls_counts_calls_into_the_exercises() -> None:
    assert exercise_calls("exercises.check_a(x)\ncheck_b(y)  # check_c(z)\nprint('check_d(w)')") == 2
