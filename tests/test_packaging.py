"""The wheel carries the embedded case: a plain install, outside the repo, can load it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_the_case_data_and_loads_it_outside_the_repo(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("kamlearn-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in ("accounts", "resources", "initiatives", "demands", "staff", "company"):
        assert f"kamlearn/_data/{table}.csv" in names
    assert "kamlearn/_data/template.xlsx" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = (
        "import kamlearn, pathlib; c = kamlearn.load_case(); "
        "assert '_data' in str(kamlearn.case.embedded_data_path()), kamlearn.case.embedded_data_path(); "
        "print(len(c.accounts))"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(unpacked)!r}); {code}"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "16"
