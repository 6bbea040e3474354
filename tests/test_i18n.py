"""kamlearn.i18n: one setting chooses the language, the environment is read at call time, text is translated."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import kamlearn
from kamlearn import i18n
from kamlearn._checks import fail
from kamlearn.errors import KamlearnWarning
from kamlearn.i18n import (
    ENV_VAR,
    _,
    get_language,
    language,
    lazy_gettext,
    ngettext,
    npgettext,
    pgettext,
    set_language,
)

LAZY_CONSTANT = lazy_gettext("n/a")  # a module-level constant, made before any language is chosen


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = set_language(None)
    yield
    set_language(before)


def test_english_by_default() -> None:
    assert get_language() == "en"
    assert _("n/a") == "n/a"


def test_the_environment_is_read_at_call_time_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_language() == "en"  # kamlearn is imported already
    monkeypatch.setenv(ENV_VAR, "nb")
    assert get_language() == "nb"
    assert _("n/a") == "i.t."
    monkeypatch.setenv(ENV_VAR, "")
    assert get_language() == "en"  # empty counts as unset
    monkeypatch.setenv(ENV_VAR, "  ")
    assert get_language() == "en"


def test_set_language_wins_over_the_environment_and_none_gives_it_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "nb")
    assert set_language("en") is None
    assert get_language() == "en"
    assert set_language(None) == "en"
    assert get_language() == "nb"


@pytest.mark.parametrize(("given", "code"), [
    ("en", "en"), ("EN", "en"), ("nb", "nb"), ("no", "nb"), ("nb_NO", "nb"), ("nb-NO", "nb"), ("NB_no", "nb"),
    (" nb ", "nb"),
])
def test_accepted_names(given: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language(given)
    assert get_language() == code
    set_language(None)
    monkeypatch.setenv(ENV_VAR, given)
    assert get_language() == code
    with language(given) as inside:
        assert inside == code == get_language()


@pytest.mark.parametrize("wrong", ["de", "nn", "nb_SE", "norsk", "", "en_US", 3, b"nb"])
def test_anything_else_is_refused_in_the_house_style_and_changes_nothing(wrong: object) -> None:
    set_language("nb")
    with pytest.raises(ValueError) as caught:
        set_language(wrong)  # type: ignore[arg-type]
    assert get_language() == "nb"
    set_language("en")
    with pytest.raises(ValueError) as caught_en:
        set_language(wrong)  # type: ignore[arg-type]
    expected = fail("language", "one of 'en', 'nb' (or 'no', 'nb_NO', 'nb-NO')", wrong)
    assert str(caught_en.value) == str(expected)
    assert str(caught.value) == f"language: forventet én av 'en', 'nb' (eller 'no', 'nb_NO', 'nb-NO'), fant {wrong!r}."
    with pytest.raises(ValueError, match=r"^language: expected one of"), language(wrong):  # type: ignore[arg-type]
        pass


def test_a_wrong_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "sv")
    with pytest.raises(ValueError, match=r"^KAMLEARN_LANG: expected one of 'en', 'nb' .*found 'sv'\.$"):
        get_language()
    with pytest.raises(ValueError, match="KAMLEARN_LANG"):
        _("n/a")
    set_language("nb")  # a choice made in code is not blocked by a wrong environment
    assert _("n/a") == "i.t."


def test_the_with_block_wins_nests_and_restores_even_after_an_error() -> None:
    set_language("nb")
    with language("en"):
        assert get_language() == "en"
        with language("no"):
            assert get_language() == "nb"
        assert get_language() == "en"
    assert get_language() == "nb"
    with pytest.raises(RuntimeError), language("en"):
        raise RuntimeError("inside")
    assert get_language() == "nb"


def test_set_language_holds_in_other_threads() -> None:
    set_language("nb")
    seen: list[str] = []
    worker = threading.Thread(target=lambda: seen.append(get_language()))
    worker.start()
    worker.join()
    assert seen == ["nb"]


def test_plural_forms_follow_the_number_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with language("nb"):
            forms = [npgettext("unit", "hour", "hours", n) for n in (0, 1, 1.0, 1.5, 2, 100)]
            assert forms == ["timer", "time", "time", "timer", "timer", "timer"]
        with language("en"):
            assert [npgettext("unit", "hour", "hours", n) for n in (1, 1.5)] == ["hour", "hours"]
            assert ngettext("{n} cake", "{n} cakes", 2).format(n=2) == "2 cakes"  # not in the catalogue: English
        with language("nb"):
            assert ngettext("{n} cake", "{n} cakes", 1).format(n=1) == "1 cake"  # not in the catalogue
            assert pgettext("unit", "NOK") == "kr"


def test_a_lazy_text_follows_the_language_of_the_moment() -> None:
    assert str(LAZY_CONSTANT) == "n/a"
    with language("nb"):
        assert str(LAZY_CONSTANT) == "i.t."
        assert f"{LAZY_CONSTANT:>5}" == " i.t."
        assert LAZY_CONSTANT == "i.t." and LAZY_CONSTANT != "n/a"
        assert "(" + LAZY_CONSTANT == "(i.t." and LAZY_CONSTANT + ")" == "i.t.)"
        assert lazy_gettext("%s!") % LAZY_CONSTANT == "i.t.!"
        assert len(LAZY_CONSTANT) == 4 and "t." in LAZY_CONSTANT
        assert LAZY_CONSTANT.upper() == "I.T."
        assert hash(LAZY_CONSTANT) == hash("i.t.")
    assert repr(LAZY_CONSTANT) == "lazy_gettext('n/a')"


def test_each_catalogue_is_read_once() -> None:
    assert i18n._translations("nb") is i18n._translations("nb")
    assert i18n._translations("en") is not i18n._translations("nb")


def test_a_missing_catalogue_warns_and_speaks_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._translations.cache_clear()
    try:
        with pytest.warns(KamlearnWarning, match="no message catalogue for 'nb'"), language("nb"):
            assert _("n/a") == "n/a"
    finally:
        i18n._translations.cache_clear()
    monkeypatch.undo()
    with language("nb"):
        assert _("n/a") == "i.t."


def test_the_package_exports_the_setting() -> None:
    assert kamlearn.set_language is set_language
    assert kamlearn.get_language is get_language
    assert {"set_language", "get_language"} <= set(kamlearn.__all__)


@pytest.mark.slow
def test_percent_env_in_a_notebook_switches_after_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first cell of a Norwegian notebook, ``%env KAMLEARN_LANG=nb``, works even after ``import kamlearn``."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv(ENV_VAR, raising=False)  # the kernel inherits this process's environment
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import kamlearn\nfrom kamlearn._format import nok\nprint(nok(1100))"),
        nbformat.v4.new_code_cell("%env KAMLEARN_LANG=nb"),
        nbformat.v4.new_code_cell("print(repr(nok(1100)), kamlearn.get_language())"),
    ])
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = ["".join(out.get("text", "")) for cell in notebook.cells for out in cell.outputs]
    assert printed[0].strip() == "1,100 NOK"
    assert printed[-1].strip() == "'1\\xa0100\\xa0kr' nb"
