"""The bokmål catalogue is complete, compiled from its .po, and shipped in the wheel.

A fresh extraction with ``babel.cfg`` (what ``make catalogues`` runs) must find no text that the bokmål
catalogue lacks, leaves empty or marks fuzzy, and every translation must keep the placeholders of its
English text.  The committed ``.mo`` must say what a fresh compile of the ``.po`` says.
"""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "kamlearn" / "locale"
NB_PO = LOCALE / "nb" / "LC_MESSAGES" / "kamlearn.po"
NB_MO = NB_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def extracted(root: Path) -> dict[tuple[str | None, str], str]:
    """Every marked text under ``root`` (as ``babel.cfg`` maps it): (context, msgid) -> where it is."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[tuple[str | None, str], str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


def catalogue_gaps(root: Path, po_path: Path) -> list[str]:
    """What keeps the catalogue at ``po_path`` from speaking every text marked under ``root``; [] if nothing."""
    with po_path.open("rb") as po:
        catalogue = read_po(po)
    gaps = []
    for (context, msgid), where in extracted(root).items():
        entry = catalogue.get(msgid, context=context)
        if entry is None:
            gaps.append(f"not in {po_path.name}: {msgid!r} ({where})")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            gaps.append(f"untranslated: {msgid!r} ({where})")
        elif entry.fuzzy:
            gaps.append(f"fuzzy (to be checked): {msgid!r} ({where})")
        else:
            english = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            wanted = sorted(PLACEHOLDER.findall(english[-1]))
            if any(sorted(PLACEHOLDER.findall(s)) != wanted for s in strings):
                gaps.append(f"placeholders differ: {msgid!r} -> {strings!r} ({where})")
    return gaps


def test_every_marked_text_has_a_bokmål_translation() -> None:
    found = extracted(ROOT)
    assert ("unit", "hour") in found and (None, "n/a") in found  # the extraction sees the package
    assert catalogue_gaps(ROOT, NB_PO) == []


def test_the_check_fails_for_an_untranslated_text(tmp_path: Path) -> None:
    module = tmp_path / "kamlearn" / "new_feature.py"  # outside the package: a module someone is writing
    module.parent.mkdir()
    module.write_text(
        "from kamlearn.i18n import _, lazy_gettext, ngettext\n"
        "TITLE = lazy_gettext('A title nobody has translated')\n"
        "def say(n):\n"
        "    return _('A sentence nobody has translated') + ngettext('{n} cake', '{n} cakes', n).format(n=n)\n",
        encoding="utf-8")
    assert sorted(catalogue_gaps(tmp_path, NB_PO)) == [
        "not in kamlearn.po: 'A sentence nobody has translated' (kamlearn/new_feature.py:4)",
        "not in kamlearn.po: 'A title nobody has translated' (kamlearn/new_feature.py:2)",
        "not in kamlearn.po: '{n} cake' (kamlearn/new_feature.py:4)",
    ]


def test_the_check_fails_for_an_empty_a_fuzzy_or_a_broken_translation(tmp_path: Path) -> None:
    text = NB_PO.read_text(encoding="utf-8")
    broken = (text.replace('msgstr "i.t."', 'msgstr ""')
              .replace('#, python-brace-format\nmsgid "{amount} NOK"\n', '#, python-brace-format, fuzzy\nmsgid "{amount} NOK"\n')
              .replace('msgstr "{amount} kr per {unit}"', 'msgstr "{amount} kr per enhet"'))
    assert broken.count('msgstr ""') == text.count('msgstr ""') + 1 and "fuzzy" in broken
    po = tmp_path / "kamlearn.po"
    po.write_text(broken, encoding="utf-8")
    gaps = sorted(gap.split(" (kamlearn/")[0] for gap in catalogue_gaps(ROOT, po))
    assert gaps == [
        "fuzzy (to be checked): '{amount} NOK'",
        "placeholders differ: '{amount} NOK / {unit}' -> ('{amount} kr per enhet',)",
        "untranslated: 'n/a'",
    ]


def test_the_committed_mo_is_a_fresh_compile_of_the_po() -> None:
    with NB_PO.open("rb") as po:
        catalogue = read_po(po)
    fresh = io.BytesIO()
    write_mo(fresh, catalogue)
    fresh.seek(0)
    with NB_MO.open("rb") as committed:
        shipped = gettext.GNUTranslations(committed)
    compiled = gettext.GNUTranslations(fresh)
    assert shipped._catalog == compiled._catalog  # type: ignore[attr-defined]
    assert len(compiled._catalog) > 10  # type: ignore[attr-defined]


def test_the_catalogue_is_package_data() -> None:
    from importlib.resources import files

    mo = files("kamlearn") / "locale" / "nb" / "LC_MESSAGES" / "kamlearn.mo"
    assert mo.is_file() and mo.read_bytes() == NB_MO.read_bytes()


@pytest.mark.slow
def test_the_wheel_ships_the_compiled_catalogue_and_speaks_bokmål(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = zipfile.ZipFile(next(tmp_path.glob("kamlearn-*.whl")))
    assert wheel.read("kamlearn/locale/nb/LC_MESSAGES/kamlearn.mo") == NB_MO.read_bytes()
    unpacked = tmp_path / "site"
    wheel.extractall(unpacked)
    code = ("import os, kamlearn; from kamlearn._format import nok; english = nok(1100); "
            "os.environ['KAMLEARN_LANG'] = 'nb'; print(english, '|', nok(1100), '|', kamlearn.i18n.LOCALE_DIR)")
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(unpacked)!r}); {code}"],
        capture_output=True, text=True, cwd=tmp_path, check=False, env={"PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    english, bokmål, where = (part.strip() for part in run.stdout.split("|"))
    assert (english, bokmål) == ("1,100 NOK", "1\u00a0100\u00a0kr")
    assert where.startswith(str(unpacked))
