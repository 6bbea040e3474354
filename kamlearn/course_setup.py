"""Start the course without ``make``: copy the notebooks to a folder and open JupyterLab there.

This is the ``kamlearn-course`` console script (also ``python -m kamlearn course``).  A student who has
installed ``kamlearn[course]`` (with ``pip`` or ``uv``) runs::

    kamlearn-course                      # the course in ~/kamlearn-course, JupyterLab opens
    kamlearn-course D:\\kurs\\kam          # a folder of their own choice (Windows path)
    kamlearn-course --no-browser --port 8899

The course notebooks travel inside the wheel (``kamlearn/_course``).  A notebook already in the folder is
the student's work and is never replaced unless ``--force`` is given: only missing notebooks are copied,
and the script says which ones it kept.  Pure Python (``pathlib``, ``shutil``, ``subprocess``), so it
behaves the same in Windows PowerShell, the macOS Terminal and a Linux shell, as a normal user or as root.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp()) / "course"
>>> report = copy_course(folder)
>>> "00_start_here.ipynb" in report.copied
True
>>> copy_course(folder).kept
[]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from importlib.util import find_spec
from pathlib import Path

from kamlearn.i18n import _, ngettext

__all__ = ["CopyReport", "copy_course", "course_source", "default_folder", "jupyter_command", "main"]

START_NOTEBOOK = "00_start_here.ipynb"
_PROG = "kamlearn-course"


def course_source() -> Path:
    """The folder holding the course notebooks that ship with the package.

    Inside an installed wheel they live in ``kamlearn/_course``; in a source checkout (an editable
    install) it is the repository's ``notebooks/`` folder.

    Returns
    -------
    Path
        A folder with ``00_start_here.ipynb`` and the other numbered notebooks.

    Raises
    ------
    FileNotFoundError
        When neither place holds the course (a broken install).
    """
    packaged = Path(str(importlib_resources.files("kamlearn"))) / "_course"
    if (packaged / START_NOTEBOOK).is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "notebooks"
    if (checkout / START_NOTEBOOK).is_file():
        return checkout
    raise FileNotFoundError(_(
        "the course notebooks are missing from this kamlearn install (looked in {packaged} and {checkout}); "
        'reinstall it with: pip install --force-reinstall "kamlearn[course]"'
    ).format(packaged=packaged, checkout=checkout))


def course_files(source: Path | None = None) -> list[Path]:
    """The files a student gets: the numbered notebooks and the teaching guide, relative to ``source``.

    Solutions (``solutions/``) and the instructor dashboard stay out of the student's folder.
    """
    source = course_source() if source is None else source
    names = sorted(p.name for p in source.glob("[0-9][0-9]_*.ipynb"))
    if (source / "README.md").is_file():
        names.append("README.md")
    return [Path(n) for n in names]


def default_folder() -> Path:
    """``kamlearn-course`` in the user's home folder (``C:\\Users\\NAME`` on Windows, ``/Users/NAME`` on macOS)."""
    return Path.home() / "kamlearn-course"


@dataclass
class CopyReport:
    """What :func:`copy_course` did, file by file (names relative to ``folder``)."""

    folder: Path
    copied: list[str] = field(default_factory=list)
    """Notebooks that were missing and are now there."""
    unchanged: list[str] = field(default_factory=list)
    """Notebooks already there, identical to the course's own."""
    kept: list[str] = field(default_factory=list)
    """Notebooks already there and different (the student's work), left as they were."""
    replaced: list[str] = field(default_factory=list)
    """Notebooks that were different and were overwritten because ``force`` was given."""

    def lines(self) -> list[str]:
        """A short, human-readable account for the terminal, in the language in force."""
        out = [_("Course folder: {folder}").format(folder=self.folder)]
        if self.copied:
            n = len(self.copied)
            out.append("  " + ngettext("copied {n} file(s): {files}", "copied {n} file(s): {files}", n).format(
                n=n, files=", ".join(self.copied)))
        if self.unchanged:
            n = len(self.unchanged)
            out.append("  " + ngettext("{n} file(s) already up to date", "{n} file(s) already up to date", n).format(n=n))
        if self.replaced:
            out.append("  " + _("replaced with the course's version (--force): {files}").format(
                files=", ".join(self.replaced)))
        if self.kept:
            out.append("  " + _("kept your own version of: {files}").format(files=", ".join(self.kept)))
            out.append("  " + _("(run again with --force to replace them with the course's version; your changes "
                                "would be lost)"))
        return out


def copy_course(folder: Path | str, *, force: bool = False, source: Path | None = None) -> CopyReport:
    """Copy the course notebooks into ``folder`` without touching the student's work.

    Parameters
    ----------
    folder : Path or str
        Where the course goes; created (with its parents) when missing.  ``~`` is expanded.
    force : bool, default False
        Replace notebooks that differ from the course's version.  Without it they are kept.
    source : Path, optional
        Where the course comes from; :func:`course_source` by default.

    Returns
    -------
    CopyReport
        Which files were copied, were already identical, were kept or were replaced.

    Raises
    ------
    NotADirectoryError
        When ``folder`` exists and is a file.
    FileNotFoundError
        When the install holds no course notebooks.
    """
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(_("{path} is a file, not a folder: give another folder for the course").format(
            path=target))
    source = course_source() if source is None else source
    target.mkdir(parents=True, exist_ok=True)
    report = CopyReport(folder=target.resolve())
    for relative in course_files(source):
        origin, destination = source / relative, target / relative
        name = relative.as_posix()
        if not destination.exists():
            shutil.copyfile(origin, destination)
            report.copied.append(name)
        elif filecmp.cmp(origin, destination, shallow=False):
            report.unchanged.append(name)
        elif force:
            shutil.copyfile(origin, destination)
            report.replaced.append(name)
        else:
            report.kept.append(name)
    return report


def _running_as_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # not on Windows
    return bool(geteuid is not None and geteuid() == 0)


def jupyter_command(
    folder: Path, *, open_browser: bool = True, port: int | None = None, extra: Sequence[str] = ()
) -> list[str]:
    """The command that opens JupyterLab in ``folder`` at the first notebook, with this Python.

    ``sys.executable -m jupyter lab`` is used rather than a ``jupyter`` on the PATH, so the JupyterLab
    of the environment kamlearn is installed in runs (also under ``uvx``, where nothing is on the PATH).
    ``--allow-root`` is added when running as root (containers).
    """
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}"]
    if (folder / START_NOTEBOOK).is_file():
        command.insert(4, START_NOTEBOOK)
    if not open_browser:
        command.append("--no-browser")
    if port is not None:
        command.append(f"--port={port}")
    if _running_as_root():
        command.append("--allow-root")
    command.extend(extra)
    return command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description=_(
            "Copy the kamlearn course notebooks into a folder and open JupyterLab there. "
            "Notebooks you already have there are kept unless you give --force."
        ),
        epilog=_("Arguments after a lone -- go to JupyterLab unchanged, e.g.: kamlearn-course -- "
                 "--ServerApp.ip=127.0.0.1"),
    )
    parser.add_argument("folder", nargs="?", type=Path, default=None,
                        help=_("where the course goes (default: {folder})").format(folder=default_folder()))
    parser.add_argument("--force", action="store_true",
                        help=_("replace notebooks you changed with the course's version"))
    parser.add_argument("--no-browser", action="store_true",
                        help=_("start JupyterLab without opening a browser window"))
    parser.add_argument("--port", type=int, default=None,
                        help=_("the port JupyterLab listens on (default: 8888 or the next free)"))
    parser.add_argument("--no-lab", action="store_true", help=_("only copy the notebooks; do not start JupyterLab"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kamlearn-course``; return the exit code (0 when all went well).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 when the course could not be copied or JupyterLab is missing, otherwise
        JupyterLab's own exit code.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in args_list:
        cut = args_list.index("--")
        args_list, extra = args_list[:cut], args_list[cut + 1 :]
    args = _parser().parse_args(args_list)
    if args.port is not None and not 0 < args.port < 65536:
        print(_("{prog}: --port must be between 1 and 65535, got {port}").format(prog=_PROG, port=args.port),
              file=sys.stderr)
        return 1
    folder = default_folder() if args.folder is None else args.folder
    try:
        report = copy_course(folder, force=args.force)
    except OSError as error:
        print(f"{_PROG}: {error}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()), flush=True)
    if args.no_lab:
        return 0
    if find_spec("jupyterlab") is None:
        print(_(
            "{prog}: JupyterLab is not installed in this Python ({python}). Install the course extra:\n"
            '    python -m pip install "kamlearn[course]"'
        ).format(prog=_PROG, python=sys.executable), file=sys.stderr)
        return 1
    command = jupyter_command(report.folder, open_browser=not args.no_browser, port=args.port, extra=extra)
    print(_("Starting JupyterLab (stop it with Ctrl+C, twice)..."), flush=True)
    process = subprocess.Popen(command, cwd=report.folder)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:  # JupyterLab handles Ctrl+C itself; wait for it to shut down
            continue


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
