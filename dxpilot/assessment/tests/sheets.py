"""Complete answer sheets for tests (all 15 questions, all 16 scenes)."""

from __future__ import annotations

from typing import Any

from dxpilot.assessment import engine

# Points: B1.1 B,C=4; B1.2 D=4.5; B1.3 C=3; B2.1 B-F=3.5; B3.1 C=5; B4.1 B=1.25; B4.2 B=1.25
# M1.1 C=3; M1.2 B=1.875; M2.1 B,C=3; M2.2 B=1.875; E1.1 B=3.5; E2.1 B=3.5; E3.1 B=1.5; E3.2 B=1.5
# total = 22.5 + 9.75 + 10 = 42.25
LEVEL_TWO_ANSWERS: dict[str, Any] = {
    "B1.1": ["B", "C"], "B1.2": "D", "B1.3": "C", "B2.1": ["B", "C", "D", "E", "F"], "B3.1": "C",
    "B4.1": ["B"], "B4.2": ["B"], "M1.1": "C", "M1.2": ["B"], "M2.1": ["B", "C"], "M2.2": "B",
    "E1.1": "B", "E2.1": "B", "E3.1": "B", "E3.2": "B",
}  # fmt: skip
LEVEL_TWO_TOTAL = "42.25"


def scenes(level: int, count: int, constraint_first: bool = True) -> dict[str, int]:
    """`count` scenes at `level` (constraint scenes first), the rest at level 1."""
    iset = engine.load_indicator_set("2024")
    names = sorted(
        iset.scene_names,
        key=lambda n: (not iset.scene_by_name[n].constraint) if constraint_first else 0,
    )
    return {name: (level if n < count else 1) for n, name in enumerate(names)}


def level_two_scenes() -> dict[str, int]:
    return scenes(2, 6)
