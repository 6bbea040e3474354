"""The Norwegian teaching guide (``notebooks/nb/README.md``) follows the English one (``notebooks/README.md``).

What is checked, on the stored files:

- every notebook the English guide points at (a link to an ``.ipynb`` file, or a section ``## NN ...``, which names
  the one notebook ``NN_*.ipynb``) has its Norwegian twin, the same file name under ``notebooks/nb/``, linked from
  the Norwegian guide, in the same order;
- the Norwegian guide links only to twins of notebooks the English course has (same file names);
- every relative link in the Norwegian guide resolves to a file (or, for a link ending in ``/``, a folder);
- the two guides have the same sections in the same order, the same minutes and the same sessions.

Nothing is skipped: before the Norwegian notebooks exist the link checks fail and name the missing files. The
checks are functions of a ``notebooks`` folder, so the last tests run them on a temporary folder to show that they
pass on a complete course and fail on a broken one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SECTION = re.compile(r"^## (\d\d) ", flags=re.M)
TIMING_ROW = re.compile(r"^\| (0\d) \| [^|]+ \| (\d+)[^|]*\| (\d+) \| (\d+) \| (\d+) \|", flags=re.M)
SESSION_ROW = re.compile(r"^\| (\d) \| ([0-9 +]+) \| (\d+) \|", flags=re.M)


def _relative_links(text: str) -> list[tuple[int, str]]:
    """Relative link targets of a markdown text, without their ``#fragment``, with their position in the text."""
    found = []
    for match in LINK.finditer(text):
        target = match.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I) or target.startswith("#"):
            continue  # a web address or an anchor in the same page
        found.append((match.start(), target.split("#", 1)[0]))
    return found


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def english_notebooks(notebooks: Path) -> list[str]:
    """Notebooks the English guide points at, as paths relative to ``notebooks``, in order of first mention.

    Parameters
    ----------
    notebooks : Path
        The course folder holding ``README.md`` and the English notebooks.

    Returns
    -------
    list of str
        POSIX paths relative to ``notebooks`` (for example ``"03_scarce_resources.ipynb"``), each once.
    """
    text = (notebooks / "README.md").read_text(encoding="utf-8")
    mentions = [(pos, target) for pos, target in _relative_links(text) if target.endswith(".ipynb")]
    for match in SECTION.finditer(text):
        named = sorted(p.name for p in notebooks.glob(f"{match.group(1)}_*.ipynb"))
        # a section whose number matches no notebook, or several, is reported by name rather than guessed at
        mentions.append((match.start(), named[0] if len(named) == 1 else f"{match.group(1)}_*.ipynb ({len(named)} files)"))
    return _unique([Path(target).as_posix() for _pos, target in sorted(mentions)])


def norwegian_links(notebooks: Path) -> list[str]:
    """Notebooks the Norwegian guide links to, as paths relative to ``notebooks/nb``, in order of first link."""
    text = (notebooks / "nb" / "README.md").read_text(encoding="utf-8")
    return _unique([Path(t).as_posix() for _pos, t in _relative_links(text) if t.endswith(".ipynb")])


def twin_problems(notebooks: Path) -> list[str]:
    """Every English notebook's twin is linked from the Norwegian guide, in the same order, and nothing else is.

    Returns
    -------
    list of str
        One sentence per problem; empty when the guides agree.
    """
    english = english_notebooks(notebooks)
    norwegian = norwegian_links(notebooks)
    problems = [f"nb/README.md: no link to nb/{name}, the twin of {name} in README.md"
                for name in english if name not in norwegian]
    in_order = [name for name in norwegian if name in english]
    if not problems and in_order != english:
        problems.append(f"nb/README.md: twins linked in the order {in_order}, expected {english}")
    problems += [f"nb/README.md: links to nb/{name}, but the English course has no {name}"
                 for name in norwegian if not (notebooks / name).is_file()]
    if not english:
        problems.append("README.md: the English guide names no notebook (no .ipynb link, no '## NN' section)")
    return problems


def link_problems(notebooks: Path) -> list[str]:
    """Every relative link of the Norwegian guide resolves: a file, or a folder when the link ends in ``/``."""
    guide = notebooks / "nb" / "README.md"
    problems = []
    for target in _unique([t for _pos, t in _relative_links(guide.read_text(encoding="utf-8"))]):
        path = guide.parent / target
        ok = path.is_dir() if target.endswith("/") else path.is_file()
        if not ok:
            problems.append(f"nb/README.md: link '{target}' does not resolve ({path.resolve()} is missing)")
    return problems


def _sections(text: str) -> list[tuple[str, str | None]]:
    """The numbered sections ``## NN title (M min)`` of a guide: (NN, M), M None when the heading has no minutes."""
    found = []
    for number, rest in re.findall(r"^## (\d\d) (.*)$", text, flags=re.M):
        minutes = re.search(r"\((\d+) min", rest)
        found.append((number, minutes.group(1) if minutes else None))
    return found


def structure_problems(notebooks: Path) -> list[str]:
    """Same numbered sections in the same order, same minutes per notebook, same sessions, as many sections."""
    english = (notebooks / "README.md").read_text(encoding="utf-8")
    norwegian = (notebooks / "nb" / "README.md").read_text(encoding="utf-8")
    problems = []
    for name, read in (("sections", _sections), ("minutes table", TIMING_ROW.findall),
                       ("sessions table", SESSION_ROW.findall)):
        en, nb = read(english), read(norwegian)
        if not en:
            problems.append(f"README.md: no {name} found")
        elif en != nb:
            problems.append(f"nb/README.md: {name} {nb} differ from README.md's {en}")
    headings_en, headings_nb = (len(re.findall(r"^## ", t, flags=re.M)) for t in (english, norwegian))
    if headings_en != headings_nb:
        problems.append(f"nb/README.md has {headings_nb} '## ' sections, README.md {headings_en}")
    return problems


# --- the real guides --------------------------------------------------------------------------------------------


def test_every_english_notebook_has_its_norwegian_twin_linked_in_order() -> None:
    assert twin_problems(NOTEBOOKS) == []


def test_every_link_of_the_norwegian_guide_resolves() -> None:
    assert link_problems(NOTEBOOKS) == []


def test_the_guides_have_the_same_sections_minutes_and_sessions() -> None:
    assert structure_problems(NOTEBOOKS) == []


# --- the checks themselves, on a temporary copy -----------------------------------------------------------------


def _complete_course(tmp: Path) -> Path:
    """A copy of both guides with an empty file for every notebook, its twin and every other link target."""
    course = tmp / "notebooks"
    (course / "nb").mkdir(parents=True)
    shutil.copy(NOTEBOOKS / "README.md", course / "README.md")
    shutil.copy(NOTEBOOKS / "nb" / "README.md", course / "nb" / "README.md")
    english = [p.relative_to(NOTEBOOKS) for p in NOTEBOOKS.rglob("*.ipynb") if "nb" not in p.relative_to(NOTEBOOKS).parts]
    for rel in english:
        for path in (course / rel, course / "nb" / rel):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}", encoding="utf-8")
    for _pos, target in _relative_links((course / "nb" / "README.md").read_text(encoding="utf-8")):
        path = course / "nb" / target
        if target.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        elif not path.exists():  # data/README.md and the like; never overwrite a copied guide
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")
    return course


def test_the_checks_pass_on_a_complete_course(tmp_path: Path) -> None:
    course = _complete_course(tmp_path)
    assert len(english_notebooks(course)) == 8, english_notebooks(course)
    assert twin_problems(course) == link_problems(course) == structure_problems(course) == []


def test_the_checks_name_a_missing_twin_and_a_dead_link(tmp_path: Path) -> None:
    course = _complete_course(tmp_path)
    (course / "nb" / "03_scarce_resources.ipynb").unlink()
    problems = link_problems(course)
    assert len(problems) == 1 and "'03_scarce_resources.ipynb'" in problems[0], problems
    guide = course / "nb" / "README.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("(05_authority_and_speed.ipynb)", "(05_authority.ipynb)"), encoding="utf-8")
    problems = twin_problems(course)
    assert any("no link to nb/05_authority_and_speed.ipynb" in p for p in problems), problems
    assert any("no 05_authority.ipynb" in p for p in problems), problems


def test_the_checks_notice_twins_out_of_order(tmp_path: Path) -> None:
    course = _complete_course(tmp_path)
    guide = course / "nb" / "README.md"
    text = guide.read_text(encoding="utf-8")
    swapped = text.replace("(01_resources_for_key_accounts.ipynb)", "(@@)").replace(
        "(00_start_here.ipynb)", "(01_resources_for_key_accounts.ipynb)").replace("(@@)", "(00_start_here.ipynb)")
    guide.write_text(swapped, encoding="utf-8")
    problems = twin_problems(course)
    assert len(problems) == 1 and "order" in problems[0], problems


def test_the_checks_notice_a_section_with_other_minutes(tmp_path: Path) -> None:
    course = _complete_course(tmp_path)
    guide = course / "nb" / "README.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("## 05 Beslutningsmyndighet og hurtighet (40 min)",
                                  "## 05 Beslutningsmyndighet og hurtighet (45 min)"), encoding="utf-8")
    problems = structure_problems(course)
    assert len(problems) == 1 and "sections" in problems[0], problems
