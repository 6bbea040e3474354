"""Exceptions raised by kamlearn.

Each error subclasses a built-in exception, so ``except ValueError`` keeps
working in code that does not know about kamlearn.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamlearn.i18n import ngettext

__all__ = ["AuthorityParameterError", "CaseError", "InfeasibleError", "KamlearnWarning"]


class CaseError(ValueError):
    """A company's data (a Case) is missing, malformed or inconsistent.

    The message names the file (and sheet), the row and the column, what was
    expected and what was found, in the language in force (:mod:`kamlearn.i18n`).  When several problems were found at once,
    ``problems`` lists every one of them and the message shows the first few.

    Parameters
    ----------
    problems
        One message per problem found.
    """

    def __init__(self, problems: str | Sequence[str]) -> None:
        if isinstance(problems, str):
            problems = [problems]
        self.problems: list[str] = list(problems)
        shown = self.problems[:10]
        n = len(self.problems)
        text = shown[0] if len(shown) == 1 else (
            ngettext("{n} problem in the case data:", "{n} problems in the case data:", n).format(n=n)
            + "".join(f"\n  - {p}" for p in shown)
        )
        if n > len(shown):
            more = n - len(shown)
            text += "\n  " + ngettext("... and {n} more", "... and {n} more", more).format(n=more)
        super().__init__(text)


class InfeasibleError(ValueError):
    """The constraints of an allocation cannot all be met at once.

    The message names the resources and the commitments that conflict, with
    the numbers (what is needed against what is available).
    """


class AuthorityParameterError(ValueError):
    """A setting of the authority simulation (:mod:`kamlearn.authority`) is out of range.

    The message names the parameter, what was expected and what was found.  Also importable as
    ``kamlearn.authority.AuthorityParameterError``.
    """


class KamlearnWarning(UserWarning):
    """A warning about data or settings that kamlearn can still work with."""
