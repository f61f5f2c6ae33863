"""`python -m bench` (quick, under two minutes; CI runs it so it never rots, and never fails on a number) and
`python -m bench --full`. Prints a table and writes `bench/results/latest.json`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import fanout, guilds, interactions, leaderboard, scorer, shards

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def table(rows: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        return "" if value is None else f"{value}"

    lines = [f"{'what':<56} {'p50 ms':>8} {'p99/value':>10} {'baseline':>9} {'ratio':>7}  target"]
    for row in rows:
        met = "" if row.get("met") is None else ("  MET" if row["met"] else "  MISSED")
        ratio = "" if row.get("ratio") is None else f"{row['ratio']:.2f}x"
        value = row.get("value", row.get("p99_ms"))
        baseline = row.get("baseline", row.get("baseline_p99_ms"))
        lines.append(
            f"{row['what']:<56} {cell(row.get('p50_ms')):>8} {cell(value):>10} "
            f"{cell(baseline):>9} {ratio:>7}  {row.get('target') or ''}{met}"
        )
    return "\n".join(lines)


MODULES = {
    "interactions": interactions,  # B1, B7
    "leaderboard": leaderboard,  # B2
    "fanout": fanout,  # B3, B4
    "guilds": guilds,  # B5, B6
    "shards": shards,  # B8
    "scorer": scorer,  # B9
}


async def main(full: bool, only: list[str] | None = None) -> None:
    rows: list[dict[str, Any]] = []
    for name, module in MODULES.items():
        if only is None or name in only:
            rows += await module.run(full)
    print(table(rows))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "mode": "full" if full else "quick",
                "at": datetime.now(UTC).isoformat(),
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "rows": rows,
            },
            indent=2,
        )
    )
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the full sizes (minutes, not seconds)")
    parser.add_argument("--only", help=f"some of the modules, comma-separated: {', '.join(MODULES)}")
    arguments = parser.parse_args()
    only = None if arguments.only is None else [name.strip() for name in arguments.only.split(",")]
    if only is not None and not set(only) <= set(MODULES):
        parser.error(f"--only takes {', '.join(MODULES)}")
    asyncio.run(main(arguments.full, only))
