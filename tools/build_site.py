"""Build the course website with Jupyter Book 1 (``make site``): static pages, nothing loaded from outside.

Usage: python tools/build_site.py [--output site] [--cache site/.cache]   (pages in site/_build/html)

The notebooks are shown with their stored outputs and the widgets' saved state (readable, not live); no
notebook is executed.  What a browser would otherwise fetch from a CDN is copied into the site from npm
(``npm pack``, which checks each tarball's integrity; the sha256 of each is pinned below too):

* ``requirejs`` (``require.js``) and ``@jupyter-widgets/html-manager`` (``embed-amd.js``): the renderer of
  the saved widget state (myst-nb's ``nb_ipywidgets_js`` points at them);
* ``mathjax`` 3 (``tex-mml-chtml.js`` with its fonts and TeX extensions): Sphinx's ``mathjax_path``.

Every page links to the same notebook in JupyterLite (``kamlearn_lite_url`` in ``site/_config.yml``,
``lite`` under the site's root by default); when ``make lite`` has built ``lite/_output`` it is copied
there, so the site and the browser version can be published as one folder.  Jupyter Book 2 is not used:
it downloads its theme while building, which needs the network.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
NOTEBOOK = re.compile(r"\d\d_.*\.ipynb")
# npm package -> (sha256 of its tarball, {file or folder in the package: where it goes under _static/vendor})
VENDOR: dict[str, tuple[str, dict[str, str]]] = {
    "requirejs@2.3.8": (
        "777158e89275e16bd51aec3ef714fbcb5dc45789e7078659933bc814916d7dec",
        {"require.js": "require.js"},
    ),
    "@jupyter-widgets/html-manager@1.0.7": (
        "b21e796f39be9e9a4c2f9843d362bba0b905bcaa62d4a1c12c52de0f67c244bf",
        {"dist": "html-manager/dist"},
    ),
    "mathjax@3.2.2": (
        "1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09",
        {"es5/tex-mml-chtml.js": "mathjax/tex-mml-chtml.js",
         "es5/output/chtml/fonts/woff-v2": "mathjax/output/chtml/fonts/woff-v2",
         "es5/input/tex/extensions": "mathjax/input/tex/extensions", "es5/ui": "mathjax/ui", "es5/a11y": "mathjax/a11y"},
    ),
}


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and why."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    print("  $", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(
            f"command failed ({result.returncode}): {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def fetch_npm(spec: str, expected: str, cache: Path) -> Path:
    """``npm pack SPEC`` into the cache once, checked against its pinned sha256; the unpacked ``package`` folder."""
    name, version = spec.rsplit("@", 1)
    tarball = cache / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not tarball.exists():
        run(["npm", "pack", spec, "--pack-destination", str(cache), "--silent"])
    found = sha256(tarball)
    if found != expected:
        raise BuildError(f"{tarball.name}: sha256 {found}, expected {expected} ({spec} from npm)")
    unpacked = cache / tarball.name.removesuffix(".tgz")
    if not (unpacked / "package" / "package.json").exists():
        shutil.rmtree(unpacked, ignore_errors=True)
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
    return unpacked / "package"


def vendor(static: Path, cache: Path) -> None:
    for spec, (expected, files) in VENDOR.items():
        package = fetch_npm(spec, expected, cache)
        for inside, target in files.items():
            source, destination = package / inside, static / "vendor" / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, destination, ignore=shutil.ignore_patterns("*.map"), dirs_exist_ok=True)
            elif source.is_file():
                shutil.copyfile(source, destination)
            else:
                raise BuildError(f"{spec} has no {inside}")


# Tells require.js where the widget renderer lives, so that the fonts and chunks it loads (found from its own
# module URL) come from this site's _static/vendor/html-manager/, wherever the site is published.
REQUIRE_CONFIG = """// Written by tools/build_site.py.
// The widget renderer finds its fonts from its own module URL: point require.js at this site's copy, so
// they come from _static/vendor/html-manager/dist/ wherever the site is published.
// (the renderer takes the folder of whichever of these two module ids it was given as its base)
require.config({paths: {
  "@jupyter-widgets/html-manager/dist": new URL("html-manager/dist", document.currentScript.src).href,
  "@jupyter-widgets/html-manager": new URL("html-manager/dist/libembed-amd", document.currentScript.src).href,
}});
// @jupyter-widgets/base typesets with the MathJax 2 API (MathJax.Hub.Queue); this site runs MathJax 3.
(function () {
  function shim() {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = {Queue: function () {
        if (window.MathJax.typesetPromise) { window.MathJax.typesetPromise(); }
      }};
    }
  }
  shim();
  document.addEventListener("DOMContentLoaded", shim);
  window.addEventListener("load", shim);
})();
"""


def stage(source: Path, cache: Path) -> list[str]:
    """The book's source folder: config, extension, the course notebooks and the teaching guide as the home page."""
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copyfile(SITE / name, source / name)
    shutil.copytree(SITE / "_ext", source / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if NOTEBOOK.fullmatch(p.name))
    toc = (SITE / "_toc.yml").read_text()
    unlisted = [n for n in notebooks if f"file: {n.removesuffix('.ipynb')}" not in toc]
    if unlisted:
        raise BuildError(f"site/_toc.yml does not list {unlisted}")
    for name in notebooks:
        shutil.copyfile(ROOT / "notebooks" / name, source / name)
    guide = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    (source / "index.md").write_text(guide, encoding="utf-8")
    # not in _static/: Jupyter Book 1 adds every .js file there to every page. html_static_path copies
    # _vendor/vendor/... to _static/vendor/... in the output
    vendor(source / "_vendor", cache)
    (source / "_vendor" / "vendor" / "require-config.js").write_text(REQUIRE_CONFIG)
    return notebooks


def build(output: Path, cache: Path) -> Path:
    started = time.perf_counter()
    cache.mkdir(parents=True, exist_ok=True)
    source = cache / "book"
    notebooks = stage(source, cache)
    shutil.rmtree(output / "_build", ignore_errors=True)
    run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(source), "--path-output", str(output),
         "--builder", "html", "--keep-going"])
    html_dir = output / "_build" / "html"
    for name in notebooks:
        if not (html_dir / name.replace(".ipynb", ".html")).is_file():
            raise BuildError(f"no page for {name} in {html_dir}")
    lite = ROOT / "lite" / "_output"
    if (lite / "jupyter-lite.json").is_file():
        shutil.copytree(lite, html_dir / "lite", dirs_exist_ok=True)
        print(f"  copied the JupyterLite site into {html_dir / 'lite'}")
    else:
        print("  (no lite/_output: run `make lite` first for working 'Open it in JupyterLite' links)")
    size = sum(p.stat().st_size for p in html_dir.rglob("*") if p.is_file() and "lite" not in p.relative_to(html_dir).parts[:1])
    print(f"Course website in {html_dir}: {len(notebooks)} notebooks, {size / 1e6:.1f} MB without lite/, "
          f"built in {time.perf_counter() - started:.0f} s")
    return html_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=SITE, help="the pages go to OUTPUT/_build/html")
    parser.add_argument("--cache", type=Path, default=SITE / ".cache")
    args = parser.parse_args(argv)
    try:
        build(args.output.resolve(), args.cache.resolve())
    except BuildError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
