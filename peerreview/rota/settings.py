"""The coordinator's choices for a solve: horizon, closed dates and the contract's rules.

Kept as plain JSON on the SolverRun and the Rota (`settings_to_dict`), read back into the lead's
`ProblemSettings` (`settings_from_dict`) whenever a problem is rebuilt from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peerreview.rota.problem import ProblemSettings


@dataclass(frozen=True)
class RuleHelp:
    """One rule of the contract as the solve form shows it."""

    name: str
    label: str
    explanation: str


#: The contract's switchable rules, with the one-line explanation the form shows. Defaults are
#: ProblemSettings' (the contract's): every safeguard on, no lending limit, no gap.
RULES: tuple[RuleHelp, ...] = (
    RuleHelp(
        "exclude_borders",
        "Exclude bordering councils",
        "No reviewer comes from a council that shares a border with the council reviewed.",
    ),
    RuleHelp(
        "lead_from_good_or_better",
        "Lead from a good or outstanding council",
        "The review's lead (its director) comes from a council judged good or outstanding.",
    ),
    RuleHelp(
        "protect_intervention_councils",
        "Protect councils in intervention",
        "A council under formal intervention is not asked to lend any reviewer.",
    ),
    RuleHelp(
        "no_reciprocal",
        "No reciprocal reviews",
        "If council A reviews council B, no one from B reviews A in the same rota.",
    ),
)


def default_settings(today: dt.date | None = None) -> ProblemSettings:
    """Next calendar year's horizon: the rota is planned ahead, a year at a time."""
    year = (today or dt.date.today()).year + 1
    return ProblemSettings(start=dt.date(year, 1, 4), end=dt.date(year, 12, 17))


def settings_to_dict(settings: ProblemSettings) -> dict[str, Any]:
    return {
        "start": settings.start.isoformat(),
        "end": settings.end.isoformat(),
        "closed_dates": [d.isoformat() for d in settings.closed_dates],
        "max_concurrent": settings.max_concurrent,
        **settings.rules(),
    }


def settings_from_dict(data: dict[str, Any]) -> ProblemSettings:
    return ProblemSettings(
        start=dt.date.fromisoformat(data["start"]),
        end=dt.date.fromisoformat(data["end"]),
        closed_dates=[dt.date.fromisoformat(d) for d in data.get("closed_dates", [])],
        max_concurrent=data.get("max_concurrent"),
        exclude_borders=data.get("exclude_borders", True),
        lead_from_good_or_better=data.get("lead_from_good_or_better", True),
        protect_intervention_councils=data.get("protect_intervention_councils", True),
        no_reciprocal=data.get("no_reciprocal", True),
        max_reviews_per_lending_council=data.get("max_reviews_per_lending_council"),
        min_gap_days=data.get("min_gap_days", 0),
    )


def describe(settings: ProblemSettings) -> list[tuple[str, str]]:
    """(label, value) lines a page shows to say which rules a plan was made under."""
    rules = settings.rules()
    lines = [
        ("Horizon", f"{settings.start:%-d %B %Y} to {settings.end:%-d %B %Y}"),
        ("Closed dates", ", ".join(f"{d:%-d %B %Y}" for d in settings.closed_dates) or "None"),
        ("Reviews on site at once", str(settings.max_concurrent or "No limit")),
    ]
    for rule in RULES:
        lines.append((rule.label, "Yes" if rules[rule.name] else "No (switched off)"))
    lines.append(
        (
            "Reviews per lending council",
            str(settings.max_reviews_per_lending_council or "No limit"),
        )
    )
    lines.append(("Days between a reviewer's reviews", str(settings.min_gap_days)))
    return lines
