"""Eligible reviewers of every review, ranked, as array operations.

Five times national scale has 805 reviews and 3,460 reviewers: 2.8 million pairs, which a
Python loop takes seconds over, seconds taken from the search. Here every reviewer fact the
per-pair rules read is an array built once per problem (role, council, credibility, limits,
expertise levels, leave as blocked start dates), and each review is a handful of vector
operations. The verdicts and the order are those of ``candidates.eligible`` and
``candidates.rank_key`` (tests/solver/test_candidates.py compares them on random problems).
"""

from __future__ import annotations

import numpy as np

from solver.objective import CONTINUITY_POINTS
from solver.rules.context import RuleContext
from solver.rules.credibility import credibility_conflict
from solver.rules.expertise import REQUIRED_LEVEL
from solver.schema import ROLES, Review, Reviewer

#: Reviews last one to five working days.
MAX_DAYS = 5


class EligibilityTable:
    """Reviewer facts as arrays (index ``i`` is ``self.reviewers[i]``)."""

    def __init__(self, ctx: RuleContext) -> None:
        problem = ctx.problem
        self.ctx = ctx
        self.reviewers: list[Reviewer] = list(problem.reviewers.values())
        people = self.reviewers
        councils = sorted(set(problem.councils) | {p.council for p in people})
        self.council_index = {code: i for i, code in enumerate(councils)}
        self.councils = councils
        self.role = np.array([ROLES.index(p.role) for p in people], dtype=np.int8)
        self.council = np.array([self.council_index[p.council] for p in people], dtype=np.int32)
        # Credibility is decided by the reviewer's council and role, never by the review.
        self.credible = np.array(
            [credibility_conflict(ctx, p, p.role) is None and p.max_reviews != 0 for p in people],
            dtype=bool,
        )
        self.max_days = np.array(
            [MAX_DAYS if p.max_days is None else p.max_days for p in people], dtype=np.int16
        )
        #: Each reviewer's ``max_reviews`` (no limit: more than any count).
        self.review_limit = np.array(
            [np.iinfo(np.int64).max if p.max_reviews is None else p.max_reviews for p in people],
            dtype=np.int64,
        )
        capacity = [99 if p.max_reviews is None else p.max_reviews for p in people]
        self.capacity = np.minimum(np.array(capacity, dtype=np.int64), 127)
        # Reviewer ids in sorted order: ties in score go to the greater id, as in rank_key.
        order = sorted(range(len(people)), key=lambda i: people[i].id)
        self.id_rank = np.empty(len(people), dtype=np.int64)
        self.id_rank[order] = np.arange(len(people))
        areas = sorted({a for r in problem.reviews for a in r.focus})
        self.area_column = {a: j for j, a in enumerate(areas)}
        levels = np.zeros((len(people), max(len(areas), 1)), dtype=np.int16)
        for i, p in enumerate(people):
            for area, value in p.expertise.items():
                if area in self.area_column:
                    levels[i, self.area_column[area]] = value
        self.points = np.where(levels >= REQUIRED_LEVEL, levels, 0)
        # Personal bars (worked there, declared conflict) and continuity, by reviewed council.
        self.barred: dict[str, list[int]] = {}
        self.returning: dict[str, list[int]] = {}
        for i, p in enumerate(people):
            for code in p.worked_at | p.conflicts:
                self.barred.setdefault(code, []).append(i)
            for code in p.reviewed_before:
                self.returning.setdefault(code, []).append(i)
        #: Review id -> indices of its eligible reviewers, best ranked first (see ranked).
        self.indices: dict[str, np.ndarray] = {}
        self._leave_rows = np.array([bool(p.unavailable) for p in people], dtype=bool)
        self._blocked: dict[int, np.ndarray] = {}
        known = [problem.councils.get(c) for c in councils]
        self._known = np.array([c is not None for c in known], dtype=bool)
        codes: dict[object, int] = {}
        self._region = np.array(
            [codes.setdefault(c.region if c else None, len(codes)) for c in known]
        )
        self._type = np.array([codes.setdefault(c.type if c else None, len(codes)) for c in known])

    def blocked_starts(self, days: int) -> np.ndarray:
        """For each reviewer and each date of the calendar: would a review of ``days`` days
        starting then touch their leave? The rows of :meth:`RuleContext.leave_starts`, so
        there is one definition of a blocked start (cached per length)."""
        if days not in self._blocked:
            cal = self.ctx.problem.calendar
            horizon = (cal.end - cal.start).days + 1
            blocked = np.zeros((len(self.reviewers), horizon), dtype=bool)
            for i in np.flatnonzero(self._leave_rows).tolist():
                bits = self.ctx.leave_starts(self.reviewers[i], days)
                packed = np.frombuffer(bits.to_bytes((horizon + 7) // 8, "little"), np.uint8)
                blocked[i] = np.unpackbits(packed, bitorder="little")[:horizon]
            self._blocked[days] = blocked
        return self._blocked[days]

    def similar(self, code: str) -> np.ndarray:
        """Similar-context points (``objective.similar_points``) of every council's members
        on a review of ``code``."""
        reviewed = self.ctx.problem.councils.get(code)
        out = np.zeros(len(self.councils), dtype=np.int64)
        if reviewed is None:
            return out
        here = self.council_index[code]
        out += self._region == self._region[here]
        if reviewed.type is not None:
            out += self._type == self._type[here]
        for neighbour in set(reviewed.statistical_neighbours):
            at = self.council_index.get(neighbour)
            if at is not None:
                out[at] += 1
        return np.where(self._known, out, 0)

    def ranked(self, review: Review) -> list[Reviewer]:
        """Every reviewer no per-pair rule forbids on ``review``, best ranked first."""
        ctx = self.ctx
        starts = ctx.start_dates(review)
        if not starts:
            self.indices[review.id] = np.zeros(0, dtype=np.int64)
            return []
        needed = np.array([review.team.get(role, 0) > 0 for role in ROLES], dtype=bool)
        barred_councils = np.zeros(len(self.councils), dtype=bool)
        for code in ctx.problem.excluded_councils(review.council):
            at = self.council_index.get(code)
            if at is not None:
                barred_councils[at] = True
        ok = needed[self.role] & self.credible & ~barred_councils[self.council]
        ok &= self.max_days >= review.days
        ok[self.barred.get(review.council, [])] = False
        with_leave = np.flatnonzero(ok & self._leave_rows)
        if len(with_leave):
            origin = ctx.problem.calendar.start
            columns = np.array([(s - origin).days for s in starts])
            blocked = self.blocked_starts(review.days)[np.ix_(with_leave, columns)]
            ok[with_leave[blocked.all(axis=1)]] = False
        chosen = np.flatnonzero(ok)
        columns = [self.area_column[a] for a in review.focus]
        points = self.points[np.ix_(chosen, columns)].sum(axis=1) if columns else 0
        context = self.similar(review.council)[self.council[chosen]]
        returning = np.zeros(len(self.reviewers), dtype=np.int64)
        returning[self.returning.get(review.council, [])] = CONTINUITY_POINTS
        context = context + returning[chosen]
        score = (points * 64 + context) * 128 + self.capacity[chosen]
        order = np.lexsort((self.id_rank[chosen], score))[::-1]
        self.indices[review.id] = chosen[order]
        return [self.reviewers[i] for i in chosen[order].tolist()]


def eligibility_table(ctx: RuleContext) -> EligibilityTable:
    """The problem's table, built once per context."""
    if "eligibility_table" not in ctx.cache:
        ctx.cache["eligibility_table"] = EligibilityTable(ctx)
    return ctx.cache["eligibility_table"]  # type: ignore[return-value]
