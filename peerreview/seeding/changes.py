"""A count of what an import or a seed load did, for the person who ran it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    kind: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.kind}: {self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged"
        )
        return "\n".join([text, *(f"  {note}" for note in self.notes)])


def assign(row: object, values: dict[str, object]) -> bool:
    """Set attributes that differ; say whether anything did, so reloads count as unchanged."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
