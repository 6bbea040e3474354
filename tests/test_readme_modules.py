"""The README's module table names every public module of the package."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def public_modules() -> set[str]:
    """``kamlearn.<name>`` for every module and subpackage whose name does not start with ``_``."""
    package = ROOT / "kamlearn"
    found = {f"kamlearn.{p.stem}" for p in package.glob("*.py") if not p.stem.startswith("_")}
    found |= {f"kamlearn.{p.parent.name}" for p in package.glob("*/__init__.py") if not p.parent.name.startswith("_")}
    return found


def test_the_readme_module_table_lists_every_public_module() -> None:
    table = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("| `kamlearn.")]
    named = {name for line in table for name in re.findall(r"`(kamlearn\.[a-z0-9_]+)`", line.split("|")[1])}
    modules = public_modules()
    assert len(modules) > 15  # the package itself
    assert sorted(modules - named) == []
