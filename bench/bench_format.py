"""Benchmark: kamlearn._format's f-string path (English and bokmål) against Babel's number formatting.

Why kamlearn formats its bokmål digits itself rather than with ``babel.numbers.format_decimal(locale="nb_NO")``:
this measures both, as ratios in one run (the machine may be loaded; absolute times are noisy).

* first use: importing ``kamlearn.i18n`` + ``kamlearn._format`` (without the package's ``__init__``) and writing
  one bokmål number (gettext reads the .mo), against importing ``babel.numbers`` and its first nb_NO number
  (Babel loads the CLDR locale data), in a fresh interpreter that has loaded the standard library modules
  a kamlearn session has anyway, median of 5;
* per call: ``number(1240.5, "hours")`` in English and in bokmål, against a bare f-string and against
  ``format_decimal(..., locale="nb_NO")`` + the unit word (timeit, best of 5).

Run: python bench/bench_format.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import timeit
from pathlib import Path

KAMLEARN_DIR = str(Path(__file__).resolve().parent.parent / "kamlearn")
# kamlearn's own two modules without the package's __init__ (which loads numpy, pandas, the engine, ...)
IMPORT_OURS = ("import sys, types; package = types.ModuleType('kamlearn'); package.__path__ = [KAMLEARN_DIR]; "
               "sys.modules['kamlearn'] = package; "
               "import kamlearn.i18n, kamlearn._format; kamlearn.i18n.set_language('nb'); kamlearn._format.number(1240.5)")
# loaded outside the clock: the standard library a kamlearn session has loaded anyway (pandas, numpy, ...)
STDLIB = "import gettext, re, pathlib, functools, contextvars, datetime, decimal, locale, warnings"
IMPORT_BABEL = "import babel.numbers; babel.numbers.format_decimal(1240.5, locale='nb_NO')"


def first_use_ms(code: str) -> float:
    """Milliseconds from nothing to the first bokmål number in a fresh interpreter (imports and data loads)."""
    timed = (f"KAMLEARN_DIR = {KAMLEARN_DIR!r}; {STDLIB}; import time; _t = time.perf_counter(); {code}; "
             "print((time.perf_counter() - _t) * 1e3)")
    out = subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def per_call_us(statement: str, setup: str, number: int = 20_000) -> float:
    return min(timeit.repeat(statement, setup=setup, number=number, repeat=5)) / number * 1e6


def main() -> None:
    ours = statistics.median(first_use_ms(IMPORT_OURS) for _ in range(5))
    babel = statistics.median(first_use_ms(IMPORT_BABEL) for _ in range(5))
    print(f"import + first bokmål number: kamlearn.i18n + kamlearn._format (gettext, the .mo) {ours:.1f} ms; "
          f"babel.numbers + nb_NO locale data {babel:.1f} ms; ratio Babel / ours {babel / ours:.1f}x")

    setup = ("from kamlearn._format import number; from kamlearn.i18n import set_language; "
             "from babel.numbers import format_decimal; format_decimal(1.5, locale='nb_NO'); x = 1240.5")
    fstring = per_call_us("f'{x:,.0f} hours'", setup)
    english = per_call_us("number(x, 'hours')", setup + "; set_language('en')")
    bokmål = per_call_us("number(x, 'hours')", setup + "; set_language('nb')")
    babel_call = per_call_us("format_decimal(x, format='#,##0', locale='nb_NO') + '\\xa0timer'", setup)
    print(f"per call: f-string {fstring:.2f} us, number() English {english:.2f} us, bokmål {bokmål:.2f} us, "
          f"Babel format_decimal nb_NO {babel_call:.2f} us")
    print(f"ratios: number() English / f-string {english / fstring:.1f}x; bokmål / English {bokmål / english:.2f}x; "
          f"Babel / number() bokmål {babel_call / bokmål:.1f}x")


if __name__ == "__main__":
    main()
