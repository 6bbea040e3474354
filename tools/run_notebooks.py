"""Re-run notebooks top to bottom and store their outputs in place (``make notebooks``).

Deterministic: the same kernel as the tests (this environment's python3), no timing metadata,
a fixed hash seed and the Agg-compatible inline backend; cell tags and the kernelspec are kept.

Usage: python tools/run_notebooks.py notebooks/00_start_here.ipynb [more.ipynb ...]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run(path: Path) -> float:
    """Execute one notebook in its own folder and write it back; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, path)
    return time.perf_counter() - start


def main(paths: list[str]) -> int:
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    total = 0.0
    for name in paths:
        seconds = run(Path(name))
        total += seconds
        print(f"{name}: {seconds:.1f} s")
    print(f"{len(paths)} notebooks in {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
