"""Write data/template.xlsx: a small, valid workbook for analysts to fill in with their own company.

It holds two example rows per table (taken from the embedded case, so it is valid as it stands)
and an "instructions" sheet that the loader ignores.  Run: python tools/make_template.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import kamlearn
from kamlearn._io import write_atomically
from kamlearn._schema import TABLES

TARGET = Path(__file__).resolve().parent.parent / "data" / "template.xlsx"


def main() -> None:
    case = kamlearn.load_case()
    keep_initiatives = ["A01-G1", "A01-G2"]
    demands = case.demands[case.demands["initiative_id"].isin(keep_initiatives)]
    resources = case.resources.loc[sorted(set(demands["resource_id"]), key=list(case.resources.index).index)]
    staff = case.staff.loc[["P01", "P04"]]
    staff = staff.assign(skills=staff["skills"].map(
        lambda s: "|".join(x for x in s.split("|") if x in resources.index) or resources.index[-1]))
    small = kamlearn.Case.from_frames(
        case.accounts.loc[["A01", "A02"]], resources, case.initiatives.loc[keep_initiatives], demands, staff,
        name="My company AS", discount_rate=case.discount_rate,
    )
    frames = small.to_frames()
    rows = [("sheet", "column", "unit", "meaning", "valid values")]
    for table in TABLES.values():
        for column in table.columns:
            rows.append((table.name, column.name, column.unit, str(column.description), column.expectation()))
    instructions = pd.DataFrame(rows[1:], columns=list(rows[0]))

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            instructions.to_excel(writer, sheet_name="instructions", index=False)
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)

    write_atomically(TARGET, write)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
