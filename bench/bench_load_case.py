"""Loading a large case: 50,000 accounts x 8 groups x 6 resources from CSV folders and from DataFrames.

Prints each load time next to its peer measured in the same run (pandas reading the same CSV files
with no checks at all), and the ratio. The ratio is what to compare across machines and versions.

Run: .venv/bin/python bench/bench_load_case.py [n_accounts]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import kamlearn
from kamlearn.synthetic import synthetic_case


def median_seconds(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    n_accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    case = synthetic_case(n_accounts, 8, 6, seed=1)
    print(f"case: {len(case.accounts)} accounts, {len(case.initiatives)} initiatives, {len(case.demands)} demands")
    with tempfile.TemporaryDirectory() as tmp:
        for sep in (",", ";"):
            folder = case.to_csv_folder(Path(tmp) / f"sep{ord(sep)}", sep=sep)
            decimal = "," if sep == ";" else "."

            def peer(folder: Path = folder, sep: str = sep, decimal: str = decimal) -> None:
                for path in folder.glob("*.csv"):
                    pd.read_csv(path, sep=sep, decimal=decimal)

            def load(folder: Path = folder) -> None:
                kamlearn.load_case(folder)

            t_peer = median_seconds(peer)
            t_load = median_seconds(load)
            print(f"sep {sep!r}: load_case {t_load:.2f} s, pandas read_csv (peer) {t_peer:.2f} s, "
                  f"ratio {t_load / t_peer:.1f}")
        frames = case.to_frames()
        t_frames = median_seconds(lambda: kamlearn.Case.from_frames(
            frames["accounts"], frames["resources"], frames["initiatives"], frames["demands"]))
        print(f"from_frames: {t_frames:.2f} s")


if __name__ == "__main__":
    main()
