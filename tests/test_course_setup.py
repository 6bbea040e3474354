"""``kamlearn-course``: the course without make (kamlearn/course_setup.py).

Unit tests of the copy rules (a student's work is never replaced unless asked) and of the JupyterLab
command, then one slow test the way a student meets it: a wheel built here, installed into a fresh venv
outside the repository, the console script run there into a temporary home folder, JupyterLab answering,
and the copied notebooks passing nbval in that venv.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kamlearn import course_setup
from kamlearn.course_setup import copy_course, course_files, course_source, jupyter_command, main

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NUMBERED = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


# ------------------------------------------------------------------------------------ copy rules


def test_the_course_comes_from_the_checkout_in_a_source_install() -> None:
    assert course_source() == NOTEBOOKS
    names = [p.as_posix() for p in course_files()]
    assert names == [*NUMBERED, "README.md"]
    assert not any("solutions" in n or "dashboard" in n for n in names)


def test_first_copy_brings_every_notebook(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "course folder æøå"  # parents created, spaces and Norwegian letters
    report = copy_course(target)
    assert report.copied == [*NUMBERED, "README.md"]
    assert report.kept == report.replaced == report.unchanged == []
    for name in NUMBERED:
        assert (target / name).read_bytes() == (NOTEBOOKS / name).read_bytes()
    assert not (target / "solutions").exists()


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    copy_course(tmp_path)
    again = copy_course(tmp_path)
    assert again.copied == again.kept == again.replaced == []
    assert again.unchanged == [*NUMBERED, "README.md"]


def test_the_students_work_is_kept_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_course(tmp_path)
    mine = tmp_path / "03_scarce_resources.ipynb"
    mine.write_text('{"my": "answers"}', encoding="utf-8")
    (tmp_path / "00_start_here.ipynb").unlink()
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main([str(tmp_path), "--no-lab"]) == 0
    out = capsys.readouterr().out
    assert mine.read_text(encoding="utf-8") == '{"my": "answers"}'
    assert "kept your own version of: 03_scarce_resources.ipynb" in out
    assert "--force" in out
    assert "copied 1 file(s): 00_start_here.ipynb" in out
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_force_replaces_changed_notebooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_course(tmp_path)
    mine = tmp_path / "03_scarce_resources.ipynb"
    mine.write_text("{}", encoding="utf-8")
    assert main([str(tmp_path), "--no-lab", "--force"]) == 0
    assert mine.read_bytes() == (NOTEBOOKS / mine.name).read_bytes()
    assert "replaced with the course's version (--force): 03_scarce_resources.ipynb" in capsys.readouterr().out


def test_a_file_where_the_folder_should_be_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "course"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        copy_course(blocker)
    assert main([str(blocker), "--no-lab"]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err


def test_default_folder_is_in_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))  # what Path.home() reads on Windows
    assert course_setup.default_folder() == tmp_path / "kamlearn-course"
    assert main(["--no-lab"]) == 0
    assert (tmp_path / "kamlearn-course" / "00_start_here.ipynb").is_file()


def test_bad_port_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--port", "70000"]) == 1
    assert "between 1 and 65535" in capsys.readouterr().err
    assert not any(tmp_path.iterdir()), "nothing is copied when the arguments are wrong"


# ------------------------------------------------------------------------------------ starting JupyterLab


def test_jupyter_command_uses_this_python_and_opens_the_first_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_course(tmp_path)
    monkeypatch.setattr(course_setup.os, "geteuid", lambda: 1000, raising=False)
    command = jupyter_command(tmp_path, open_browser=False, port=9911, extra=["--ServerApp.ip=127.0.0.1"])
    assert command[:5] == [sys.executable, "-m", "jupyter", "lab", "00_start_here.ipynb"]
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert {"--no-browser", "--port=9911"} <= set(command)
    assert command[-1] == "--ServerApp.ip=127.0.0.1"
    assert "--allow-root" not in command
    monkeypatch.setattr(course_setup.os, "geteuid", lambda: 0, raising=False)
    assert "--allow-root" in jupyter_command(tmp_path)
    assert "--no-browser" not in jupyter_command(tmp_path)


def test_without_geteuid_windows_never_adds_allow_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(course_setup.os, "geteuid", raising=False)
    assert "--allow-root" not in jupyter_command(tmp_path)


def test_main_starts_jupyterlab_in_the_course_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, object] = {}

    class FakeLab:
        def __init__(self, command: list[str], cwd: Path) -> None:
            started.update(command=command, cwd=cwd)

        def wait(self) -> int:
            return 0

    monkeypatch.setattr(course_setup.subprocess, "Popen", FakeLab)
    assert main([str(tmp_path), "--no-browser", "--port", "9912", "--", "--ServerApp.port_retries=0"]) == 0
    assert started["cwd"] == tmp_path.resolve()
    command = started["command"]
    assert isinstance(command, list)
    assert "--no-browser" in command and "--port=9912" in command and command[-1] == "--ServerApp.port_retries=0"


def test_missing_jupyterlab_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(course_setup, "find_spec", lambda name: None)
    assert main([str(tmp_path)]) == 1
    assert 'pip install "kamlearn[course]"' in capsys.readouterr().err
    assert (tmp_path / "00_start_here.ipynb").is_file(), "the notebooks are copied even so"


# ------------------------------------------------------------------------------------ packaging


def test_pyproject_ships_every_numbered_notebook_and_the_script() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["kamlearn-course"] == "kamlearn.course_setup:main"
    force = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    shipped = {Path(k).name for k, v in force.items() if v.startswith("kamlearn/_course/")}
    assert shipped == {*NUMBERED, "README.md"}, "list every numbered notebook in [tool.hatch...force-include]"


# ------------------------------------------------------------------------------------ end to end, from a wheel


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result  # type: ignore[no-any-return]


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_runs_the_course(tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("course-from-wheel")
    wheels, venv, home = work / "wheels", work / "venv", work / "home"
    home.mkdir()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
          "-w", str(wheels), str(ROOT)])
    wheel = next(wheels.glob("kamlearn-*.whl"))
    assert "kamlearn/_course/00_start_here.ipynb" in zipfile.ZipFile(wheel).namelist()

    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    script = venv / ("Scripts/kamlearn-course.exe" if os.name == "nt" else "bin/kamlearn-course")
    # the versions the stored outputs were made with (constraints.txt); the pip cache makes this quick
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", str(ROOT / "constraints.txt"),
          "--find-links", str(wheels), f"kamlearn[course] @ {wheel.as_uri()}", "nbval", "pytest"], cwd=work)
    where = _run([str(python), "-c", "import kamlearn; print(kamlearn.__file__)"], cwd=work).stdout.strip()
    assert Path(where).is_relative_to(venv), f"kamlearn imported from {where}, not from the fresh venv"

    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON", "MPLBACKEND"))}
    token = secrets.token_hex(16)
    env.update(HOME=str(home), USERPROFILE=str(home), JUPYTER_TOKEN=token, JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_PLATFORM_DIRS="1", PYTHONHASHSEED="0")
    port = _free_port()
    log = work / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(script), "--no-browser", "--port", str(port), "--", "--ServerApp.ip=127.0.0.1",
                                 "--ServerApp.port_retries=0"], cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    course = home / "kamlearn-course"
    status: dict[str, object] = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not status:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=3) as response:
                    status = json.loads(response.read())
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.5)
        assert "started" in status, f"JupyterLab did not answer /api/status:\n{log.read_text(errors='replace')[-3000:]}"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=10) as response:
            listed = {item["name"] for item in json.loads(response.read())["content"]}
        assert set(NUMBERED) <= listed, f"JupyterLab's root is not the course folder: {sorted(listed)}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    printed = log.read_text(errors="replace")
    assert re.search(rf"copied {len(NUMBERED) + 1} file\(s\)", printed), printed[-2000:]
    assert sorted(p.name for p in course.glob("*.ipynb")) == NUMBERED

    # the copied notebooks pass nbval in the fresh venv, in the student's folder
    sanitize = work / "sanitize.cfg"
    shutil.copyfile(NOTEBOOKS / "sanitize.cfg", sanitize)
    env.pop("JUPYTER_TOKEN")
    nbval = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(course), "--nbval",
                            "--nbval-current-env", "--nbval-sanitize-with", str(sanitize), *NUMBERED],
                           cwd=course, env=env, capture_output=True, text=True, check=False, timeout=1500)
    assert nbval.returncode == 0, nbval.stdout[-5000:]
    assert re.search(r"\d+ passed", nbval.stdout), nbval.stdout[-2000:]
    assert sorted(p.name for p in course.glob("*.ipynb")) == NUMBERED, "nbval left no files behind"
