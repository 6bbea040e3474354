"""The ``kamlearn`` command line, for the analyst who does not open Jupyter.

Examples
--------
Plan a company's key accounts from a workbook and write the report for management::

    kamlearn plan my_company.xlsx --report plan.xlsx --html plan.html
    kamlearn plan my_company/ --policy optimal --draws 1000 --report plan.xlsx --overwrite
    kamlearn course --help

Paths are handled with :mod:`pathlib`, so ``C:\\Users\\kari\\my_company.xlsx``
on Windows and ``~/Documents/my_company.xlsx`` on macOS or Linux both work.
An existing output file is never replaced without ``--overwrite``.  Bad input
prints one clear message (the CaseError's: file, row, column, expected, found)
without a traceback and exits with status 2.  Help and messages are in the language in force
(``KAMLEARN_LANG=nb kamlearn plan ...`` for bokmål; see :mod:`kamlearn.i18n`).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from kamlearn._checks import fail
from kamlearn.errors import CaseError, InfeasibleError
from kamlearn.i18n import _

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamlearn",
        description=_("Securing and sharing scarce internal resources across key accounts."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    plan = sub.add_parser(
        "plan",
        help=_("plan which project groups to staff, and write a report for management"),
        description=_(
            "Load a company's data (an Excel workbook with one sheet per table, or a folder of CSV files; "
            "see data/README.md), find the plan, print its summary, and write the report for management "
            "as an Excel workbook (--report) and a standalone HTML page (--html). Money is in NOK and MNOK; "
            "values are customer lifetime value after the cost of the resources."
        ),
    )
    plan.add_argument("case", type=Path, help=_("the company's workbook (.xlsx) or folder of CSV files"))
    plan.add_argument("--report", type=Path, metavar="FILE.xlsx", help=_("write the report as an Excel workbook"))
    plan.add_argument("--html", type=Path, metavar="FILE.html", help=_("write the report as a standalone HTML page"))
    plan.add_argument("--policy", default="optimal", help=_(
        "the rule that makes the plan: optimal (default), equal, revenue, need, concentrate, greedy"))
    plan.add_argument("--draws", type=int, default=1000, help=_(
        "Monte Carlo draws of the effect estimates for 'how sure' (default 1000; 0 leaves it out)"))
    plan.add_argument("--seed", type=int, default=0, help=_("seed of the draws (default 0)"))
    plan.add_argument("--overwrite", action="store_true", help=_("replace existing output files"))
    plan.add_argument("--quiet", action="store_true", help=_("no summary and no progress bar"))
    course = sub.add_parser("course", help=_("set up and open the course notebooks (kamlearn.course_setup)"),
                            add_help=False)
    course.add_argument("args", nargs=argparse.REMAINDER, help=_("passed on to the course setup"))
    return parser


def _fail(message: str) -> int:
    # Translators: the command line's error line, as argparse writes its own ("kamlearn: error: ...").
    print(_("kamlearn: error: {message}").format(message=message), file=sys.stderr)
    return EXIT_ERROR


def _check_output(path: Path | None, suffixes: tuple[str, ...], overwrite: bool) -> Path | None:
    if path is None:
        return None
    path = path.expanduser()
    if path.suffix.lower() not in suffixes:
        raise ValueError(_("{path}: expected a file name ending in {suffixes}.").format(
            path=path, suffixes=_(" or ").join(suffixes)))
    if path.exists() and not overwrite:
        raise FileExistsError(_("{path} exists; add --overwrite to replace it.").format(path=path))
    if not path.parent.is_dir():
        raise FileNotFoundError(_("{folder}: expected an existing folder to write {file} in.").format(
            folder=path.parent, file=path.name))
    return path


def _plan(args: argparse.Namespace) -> int:
    from kamlearn.allocation import POLICIES, allocate
    from kamlearn.case import load_case
    from kamlearn.management_report import management_report

    if args.policy not in POLICIES:
        options = _("one of {options}").format(options=", ".join(POLICIES))
        return _fail(str(fail("--policy", options, args.policy)))  # i18n: not text (the option's name)
    if args.draws < 0:
        return _fail(_("--draws: expected a whole number of at least 0, found {found}.").format(found=args.draws))
    source = args.case.expanduser()
    if not source.exists():
        return _fail(_("{path}: no such file or folder (expected a workbook .xlsx or a folder of CSV files).")
                     .format(path=source))
    try:
        report_path = _check_output(args.report, (".xlsx",), args.overwrite)
        html_path = _check_output(args.html, (".html", ".htm"), args.overwrite)
        for out in (report_path, html_path):
            if out is not None and out.resolve() == source.resolve():
                raise FileExistsError(_("{path} is the input; choose another file name for the report.").format(
                    path=out))
        case = load_case(source)
        plan = allocate(case, args.policy)
        if not args.quiet:
            print(plan.summary())
        if report_path is None and html_path is None:
            return EXIT_OK
        report = management_report(plan, draws=args.draws, seed=args.seed, progress=False if args.quiet else None)
        if not args.quiet:
            print()
            print(report.decision)
        for path, write in ((report_path, report.to_excel), (html_path, report.to_html)):
            if path is not None:
                written = write(path, overwrite=args.overwrite)
                if not args.quiet:
                    print(_("Wrote {path}").format(path=written))
    except (CaseError, InfeasibleError, FileExistsError, FileNotFoundError, PermissionError, ValueError) as error:
        return _fail(str(error))
    return EXIT_OK


def _course(argv: Sequence[str]) -> int:
    try:
        setup = importlib.import_module("kamlearn.course_setup")
    except ModuleNotFoundError as error:
        if error.name != "kamlearn.course_setup":
            raise
        return _fail(_("the course setup (kamlearn.course_setup) is not installed with this version of kamlearn."))
    result = setup.main(list(argv))
    return int(result or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kamlearn`` command line.

    Parameters
    ----------
    argv
        The arguments (without the program name); ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status: 0 on success, 2 on an error (the message goes to stderr).
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["course"]:  # everything after 'course' belongs to the course setup, --help too
        return _course(args_list[1:])
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command == "plan":
        return _plan(args)
    parser.print_help()
    return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
