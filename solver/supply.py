"""Before solving: where demand exceeds the independent, available supply.

For each region (and England as a whole), for each role and each focus area, compare the
seats the region's reviews need with what the reviewers who may serve them can give: a
reviewer counts for at most their ``max_reviews`` and at most the number of the region's
reviews they are eligible for (independent, credible, free on some start date). A gap here is
certain to leave reviews unscheduled; no gap does not promise a full plan (the same reviewer
is counted in every region they could serve).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from solver.candidates import eligible_reviewers
from solver.eligibility import EligibilityTable, eligibility_table
from solver.rules.context import RuleContext
from solver.rules.credibility import LEAD_ROLE
from solver.schema import ROLES, Problem, Review

NATIONAL = "England"


@dataclass(frozen=True)
class SupplyGap:
    """One shortfall: in ``region``, ``need`` (a role or a focus area) is short."""

    region: str
    need: str
    kind: str  # "role" or "focus"
    demand: int
    supply: int
    message: str


def supply_check(problem: Problem, ctx: RuleContext | None = None) -> list[SupplyGap]:
    """Every (region, role or focus area) whose demand exceeds supply, England first."""
    ctx = ctx or RuleContext(problem)
    eligible_reviewers(ctx)  # every review's eligible reviewers, as indices in the table too
    table = eligibility_table(ctx)
    by_region: dict[str, list[Review]] = defaultdict(list)
    for review in problem.reviews:
        council = problem.councils.get(review.council)
        by_region[council.region if council else "unknown"].append(review)
    gaps: list[SupplyGap] = []
    regions = [(NATIONAL, list(problem.reviews))] + sorted(by_region.items())
    for region, reviews in regions:
        gaps.extend(_role_gaps(table, region, reviews))
        gaps.extend(_focus_gaps(table, region, reviews))
    return gaps


def _counts(table: EligibilityTable, reviews: list[Review]) -> np.ndarray:
    """For each reviewer, how many of ``reviews`` they are eligible for."""
    parts = [table.indices[r.id] for r in reviews]
    chosen = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return np.bincount(chosen, minlength=len(table.reviewers))


def _supply(table: EligibilityTable, counts: np.ndarray, keep: np.ndarray) -> tuple[int, int]:
    """What the reviewers ``keep`` selects can cover, each at most their ``max_reviews``
    and at most the ``counts`` of reviews they may serve, and how many people that is."""
    counts = np.where(keep, counts, 0)
    return int(np.minimum(table.review_limit, counts).sum()), int((counts > 0).sum())


def _role_gaps(table: EligibilityTable, region: str, reviews: list[Review]) -> list[SupplyGap]:
    gaps = []
    counts = _counts(table, reviews)  # once for every role: eligibility is per role already
    for index, role in enumerate(ROLES):
        demand = sum(r.team.get(role, 0) for r in reviews)
        if not demand:
            continue
        supply, people = _supply(table, counts, table.role == index)
        if demand > supply:
            who = "directors able to lead" if role == LEAD_ROLE else f"{role.replace('_', ' ')}s"
            gaps.append(
                SupplyGap(
                    region=region,
                    need=role,
                    kind="role",
                    demand=demand,
                    supply=supply,
                    message=(
                        f"{region}: {len(reviews)} reviews need {demand} {who}; independent, "
                        f"available {who} can cover {supply} ({people} people)"
                    ),
                )
            )
    return gaps


def _focus_gaps(table: EligibilityTable, region: str, reviews: list[Review]) -> list[SupplyGap]:
    gaps = []
    areas = sorted({area for r in reviews for area in r.focus})
    for area in areas:
        wanting = [r for r in reviews if area in r.focus]
        holds = table.points[:, table.area_column[area]] > 0
        supply, _people = _supply(table, _counts(table, wanting), holds)
        if len(wanting) > supply:
            gaps.append(
                SupplyGap(
                    region=region,
                    need=area,
                    kind="focus",
                    demand=len(wanting),
                    supply=supply,
                    message=(
                        f"{region}: {len(wanting)} reviews focus on {area}; independent, "
                        f"available reviewers at level 2 or more can cover {supply}"
                    ),
                )
            )
    return gaps
