"""Mark the course notebooks for slides: each ``#``/``##`` heading starts a slide, the rest follows it.

JupyterLab's and nbconvert's slide views (``jupyter nbconvert --to slides``) read this metadata; outputs
and tags are untouched.  Run: python tools/slide_metadata.py notebooks/0*.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def mark(path: Path) -> int:
    """Set ``slideshow.slide_type`` on every cell of one notebook; return the number of slides."""
    notebook = nbformat.read(path, as_version=4)
    slides = 0
    for cell in notebook.cells:
        first = cell.source.lstrip().split("\n", 1)[0]
        starts = cell.cell_type == "markdown" and (first.startswith("# ") or first.startswith("## "))
        cell.metadata["slideshow"] = {"slide_type": "slide" if starts else "-"}
        slides += starts
    nbformat.write(notebook, path)
    return slides


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {mark(Path(name))} slides")
