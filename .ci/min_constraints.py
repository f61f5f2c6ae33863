"""Print a pip constraints file that pins every dependency in pyproject.toml to the lowest version it allows.

`python .ci/min_constraints.py > constraints.txt; pip install -c constraints.txt -e '.[test]'` installs the
declared floors (`name>=1.2` or `name~=1.2` becomes `name==1.2`; a pin `name==1.2` stays), so CI can show that
the floors still work. Only direct dependencies are pinned: what they pull in resolves as usual. A dependency
with no floor fails here, since nothing could test the oldest version it allows.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# name, [extras] (dropped: constraints cannot carry extras), specifiers, ; marker (kept)
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$")
FLOOR = re.compile(r"^(>=|~=|==)\s*([^\s,]+)$")


def floor_of(requirement: str) -> str:
    match = REQUIREMENT.match(requirement)
    if match is None:
        raise SystemExit(f"cannot read requirement {requirement!r}")
    name, specifiers, marker = match.groups()
    floors = [m.group(2) for s in specifiers.split(",") if (m := FLOOR.match(s.strip()))]
    if len(floors) != 1:
        raise SystemExit(f"{requirement!r}: needs exactly one floor (>=, ~= or ==) to pin its minimum")
    return f"{name}=={floors[0]}" + (f" {marker}" if marker else "")


def main() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    project = pyproject["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    sys.stdout.write("".join(f"{floor_of(r)}\n" for r in requirements))


if __name__ == "__main__":
    main()
