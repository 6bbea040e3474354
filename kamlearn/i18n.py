"""Which language kamlearn speaks to people (English or bokmål), and the functions that translate its text.

One setting chooses the language of every message, label and number the package writes for a person:

1. inside ``with language("nb"):``, that language;
2. else the language given to :func:`set_language`;
3. else the environment variable ``KAMLEARN_LANG`` (read at every call, so ``%env KAMLEARN_LANG=nb`` in a
   notebook works even after ``import kamlearn``);
4. else English.

Accepted values: ``"en"`` and ``"nb"`` (bokmål; ``"no"``, ``"nb_NO"`` and ``"nb-NO"`` mean the same), in any
case; an empty ``KAMLEARN_LANG`` counts as unset.

The text is translated with the standard library's :mod:`gettext` from the catalogue
``kamlearn/locale/nb/LC_MESSAGES/kamlearn.mo`` (compiled from ``kamlearn.po`` with Babel: ``make catalogues``);
the English text is the message id itself.  Mark text for translation with :func:`_` (``gettext``),
:func:`ngettext` for a text with a number, :func:`pgettext` / :func:`npgettext` when a short word needs a
context, and :func:`lazy_gettext` for a module-level constant (translated each time it is shown, in the
language of that moment).  The English -> bokmål terms are in ``kamlearn/locale/GLOSSARY.md``.

Examples
--------
>>> from kamlearn.i18n import _, get_language, language, npgettext, set_language
>>> with language("en"):
...     get_language(), _("n/a"), npgettext("unit", "group", "groups", 3)
('en', 'n/a', 'groups')
>>> with language("nb"):
...     get_language(), _("n/a"), npgettext("unit", "group", "groups", 1), npgettext("unit", "group", "groups", 3)
('nb', 'i.t.', 'gruppe', 'grupper')
>>> set_language("de")
Traceback (most recent call last):
...
ValueError: language: expected one of 'en', 'nb' (or 'no', 'nb_NO', 'nb-NO'), found 'de'.

References
----------
.. [1] Python documentation, "gettext: Multilingual internationalization services",
   https://docs.python.org/3/library/gettext.html
.. [2] Babel documentation, "Messages and Catalogs", https://babel.pocoo.org/en/latest/messages.html
"""

from __future__ import annotations

import gettext as _gettext
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "ENV_VAR",
    "LANGUAGES",
    "LOCALE_DIR",
    "LazyText",
    "_",
    "get_language",
    "gettext",
    "language",
    "lazy_gettext",
    "ngettext",
    "npgettext",
    "pgettext",
    "set_language",
]

ENV_VAR = "KAMLEARN_LANG"
"""The environment variable that chooses the language when :func:`set_language` has not."""

LANGUAGES: tuple[str, ...] = ("en", "nb")
"""The languages kamlearn speaks: English and Norwegian bokmål."""

DEFAULT_LANGUAGE = "en"
"""The language when nothing chooses one."""

DOMAIN = "kamlearn"
"""The gettext domain: the catalogues are ``LOCALE_DIR/<language>/LC_MESSAGES/kamlearn.mo``."""

LOCALE_DIR = Path(__file__).resolve().with_name("locale")
"""Where the message catalogues are (inside the package, so they ship in the wheel)."""

_ALIASES = {"en": "en", "nb": "nb", "no": "nb", "nb_no": "nb", "nb-no": "nb"}
_ACCEPTED = "one of 'en', 'nb' (or 'no', 'nb_NO', 'nb-NO')"

_chosen: str | None = None  # set_language: one setting for the whole process (every thread and notebook cell)
_scoped: ContextVar[str | None] = ContextVar("kamlearn_language", default=None)  # with language(...)


def _normalise(name: str, value: Any) -> str:
    """``value`` as ``'en'`` or ``'nb'``, or a ValueError in the house style naming ``name``."""
    code = _ALIASES.get(value.strip().lower()) if isinstance(value, str) else None
    if code is None:
        raise ValueError(_refusal(name, value))
    return code


def _refusal(name: str, value: Any) -> str:
    """The house-style message (as :func:`kamlearn._checks.fail` writes it), in the language still valid."""
    translations = _translations(_safe_language())
    template = translations.gettext("{name}: expected {expected}, found {found}.")
    expected = translations.gettext("one of 'en', 'nb' (or 'no', 'nb_NO', 'nb-NO')")
    return template.format(name=name, expected=expected, found=repr(value))


def _safe_language() -> str:
    """The language in force, or English when the setting in force is itself the wrong one."""
    for candidate in (_scoped.get(), _chosen, os.environ.get(ENV_VAR, "")):
        if candidate:
            return _ALIASES.get(candidate.strip().lower(), DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def get_language() -> str:
    """The language kamlearn speaks now: ``'en'`` or ``'nb'``.

    Returns
    -------
    str
        The language of :func:`language` (innermost ``with``), else of :func:`set_language`, else of the
        environment variable ``KAMLEARN_LANG`` (read now, not at import), else ``'en'``.

    Raises
    ------
    ValueError
        If ``KAMLEARN_LANG`` holds something other than an accepted language (and nothing else chose one).

    Examples
    --------
    >>> with language("nb-NO"):
    ...     get_language()
    'nb'
    """
    scoped = _scoped.get()
    if scoped is not None:
        return scoped
    if _chosen is not None:
        return _chosen
    from_env = os.environ.get(ENV_VAR, "")
    if not from_env.strip():
        return DEFAULT_LANGUAGE
    return _normalise(ENV_VAR, from_env)


def set_language(lang: str | None) -> str | None:
    """Choose the language for the whole session; it wins over ``KAMLEARN_LANG``.

    Parameters
    ----------
    lang : {'en', 'nb', 'no', 'nb_NO', 'nb-NO'} or None
        The language (any case); ``None`` forgets the choice, so ``KAMLEARN_LANG`` or English applies again.

    Returns
    -------
    str or None
        The choice made before (``'en'``, ``'nb'`` or ``None``), to restore it later.

    Raises
    ------
    ValueError
        For any other value; the language in force does not change.

    Examples
    --------
    >>> before = set_language("no")
    >>> get_language()
    'nb'
    >>> _ = set_language(before)
    """
    global _chosen
    before = _chosen
    _chosen = None if lang is None else _normalise("language", lang)
    return before


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside a ``with`` block only (for one table, one memo, one test), then as before.

    Parameters
    ----------
    lang : {'en', 'nb', 'no', 'nb_NO', 'nb-NO'}
        The language inside the block; it wins over :func:`set_language` and ``KAMLEARN_LANG``.

    Yields
    ------
    str
        The language code in force inside the block (``'en'`` or ``'nb'``).

    Raises
    ------
    ValueError
        For an unknown language (before the block runs).

    Examples
    --------
    >>> with language("nb"):
    ...     _("n/a")
    'i.t.'
    """
    code = _normalise("language", lang)
    token = _scoped.set(code)
    try:
        yield code
    finally:
        _scoped.reset(token)


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang``, read once per process (English is the message ids themselves)."""
    if lang == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    try:
        return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    except OSError as error:  # a broken install: say so once, and speak English rather than fail
        # Not translated: there is no catalogue to translate it with.
        from kamlearn.errors import KamlearnWarning

        warnings.warn(f"kamlearn: no message catalogue for {lang!r} ({error}); speaking English.",  # i18n: not text
                      KamlearnWarning, stacklevel=3)
        return _gettext.NullTranslations()


def _plural_count(n: Any) -> int:
    """A count for a plural rule: whole numbers as ints, other numbers as 2 (both languages use the plural)."""
    if isinstance(n, int):
        return n
    number = float(n)
    return int(number) if number.is_integer() else 2


def gettext(message: str) -> str:
    """``message`` (English) in the language in force.

    Parameters
    ----------
    message : str
        The English text, a literal (so that ``make catalogues`` finds it); placeholders as ``{name}``,
        filled with ``.format`` after translation.

    Returns
    -------
    str
        The translation, or ``message`` itself in English or when the catalogue lacks it.
    """
    return _translations(get_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: float) -> str:
    """The form of a text that fits the number ``n``: ``ngettext('{n} group', '{n} groups', n).format(n=n)``.

    Parameters
    ----------
    singular, plural : str
        The English forms, literals.
    n : int or float
        The number; a number that is not whole takes the plural (``1.5 hours``, ``1,5 timer``).

    Returns
    -------
    str
        The translated form; fill placeholders with ``.format`` afterwards.
    """
    return _translations(get_language()).ngettext(singular, plural, _plural_count(n))


def pgettext(context: str, message: str) -> str:
    """Like :func:`gettext`, for a short text that needs a context (``pgettext('unit', 'NOK')``)."""
    return _translations(get_language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: float) -> str:
    """Like :func:`ngettext`, with a context (``npgettext('unit', 'hour', 'hours', n)``)."""
    return _translations(get_language()).npgettext(context, singular, plural, _plural_count(n))


class LazyText:
    """A text for a module-level constant, translated each time it is used, in the language of that moment.

    It behaves as the translated ``str`` for printing, formatting, ``+``, ``%``, ``==``, ``in``, ``len`` and
    string methods (``.format``, ``.upper``, ...); ``str(text)`` gives a plain string.  Made by
    :func:`lazy_gettext`.

    Examples
    --------
    >>> TITLE = lazy_gettext("n/a")
    >>> with language("nb"):
    ...     f"[{TITLE}]", TITLE == "i.t.", TITLE.upper()
    ('[i.t.]', True, 'I.T.')
    >>> with language("en"):
    ...     str(TITLE)
    'n/a'
    """

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __repr__(self) -> str:
        return f"lazy_gettext({self.message!r})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (str, LazyText)) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))  # follows the language, as == does: do not keep lazy texts as dict keys

    def __lt__(self, other: object) -> bool:
        return str(self) < str(other)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)

    def __mod__(self, values: Any) -> str:
        return str(self) % values

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(str(self), name)


def lazy_gettext(message: str) -> LazyText:
    """Mark a module-level text for translation, translated when used: ``TITLE = lazy_gettext('...')``.

    Parameters
    ----------
    message : str
        The English text, a literal.

    Returns
    -------
    LazyText
        A str-like object that translates ``message`` each time it is shown.
    """
    return LazyText(message)
