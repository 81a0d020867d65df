"""Record-level checks shared by the seed readers (and usable by forms and the loader).

Each check returns (column, message) pairs rather than raising, so a reader can report every
problem of a file at once, and a form can show them beside the right field.
"""

from __future__ import annotations

from collections.abc import Iterator

from .records import CaseEvent, CouncilRecord, DemoReviewer, InspectionRecord
from .vocabulary import (
    CONFLICT_KINDS,
    COUNCIL_TYPES,
    DATE_PRECISIONS,
    DFE_CODE_PATTERN,
    EVENT_TYPES,
    EXPERTISE_LEVELS,
    FRAMEWORKS,
    GSS_CODE_PATTERN,
    INSPECTION_TYPES,
    JUDGEMENTS,
    PHASES,
    PRACTICE_AREAS,
    REGIONS,
    RELATION_KINDS,
    REVIEW_KINDS,
    ROLES,
    SUPPORT_KINDS,
)

Problem = tuple[str | None, str]


def check_council(council: CouncilRecord) -> Iterator[Problem]:
    """Codes well-formed, vocabulary respected, validity dates in order."""
    if not GSS_CODE_PATTERN.match(council.gss_code):
        yield "gss_code", f"{council.gss_code!r} is not an English upper-tier GSS code"
    if council.dfe_code is not None and not DFE_CODE_PATTERN.match(council.dfe_code):
        yield "dfe_code", f"{council.dfe_code!r} is not a three-digit DfE LA code"
    if not council.name:
        yield "name", "the council has no name"
    if council.region not in REGIONS:
        yield "region", f"{council.region!r} is not one of the 9 English regions"
    if council.type not in COUNCIL_TYPES:
        yield "type", f"{council.type!r} is not one of {', '.join(COUNCIL_TYPES)}"
    if council.valid_from and council.valid_to and council.valid_to <= council.valid_from:
        yield "valid_to", "the council ends before it starts"
    if council.replaced_by and council.valid_to is None:
        yield "replaced_by", "only an abolished council (with valid_to) can be replaced"
    for code in council.statistical_neighbours + council.replaced_by:
        if not GSS_CODE_PATTERN.match(code):
            yield "statistical_neighbours", f"{code!r} is not a GSS code"


def check_inspection(record: InspectionRecord) -> Iterator[Problem]:
    """Vocabulary keys only, and fieldwork that ends on or after it starts."""
    if not GSS_CODE_PATTERN.match(record.council):
        yield "council", f"{record.council!r} is not an English upper-tier GSS code"
    if record.framework not in FRAMEWORKS:
        yield "framework", f"{record.framework!r} is not one of {', '.join(FRAMEWORKS)}"
    if record.inspection_type is not None and record.inspection_type not in INSPECTION_TYPES:
        yield "inspection_type", f"{record.inspection_type!r} is not short or standard"
    for column in ("overall", "leaders", "help_protection", "in_care", "care_leavers"):
        value = getattr(record, column)
        if value is not None and value not in JUDGEMENTS:
            yield column, f"{value!r} is not one of {', '.join(JUDGEMENTS)}"
    if record.start_date and record.end_date and record.end_date < record.start_date:
        yield "end_date", "the inspection ends before it starts"
    if record.sort_date is None:
        yield "published", "the inspection has no date at all"


#: Type-specific fields each case-history event must have, and the allowed values where the
#: vocabulary fixes them.
_REQUIRED_EVENT_FIELDS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "inspection": {"framework": tuple(FRAMEWORKS)},
    "monitoring_visit": {},
    "focused_visit": {},
    "leadership_change": {"role": ROLES},
    "phase": {"phase": PHASES},
    "support": {"form": tuple(SUPPORT_KINDS), "kind": None},
    "peer_review": {"kind": REVIEW_KINDS},
    "relation": {"kind": RELATION_KINDS, "other_council": None, "organisation": None},
}


def check_case_event(event: CaseEvent) -> Iterator[Problem]:
    """The event type is known, its required fields are present and use the vocabulary."""
    if not GSS_CODE_PATTERN.match(event.council):
        yield "council", f"{event.council!r} is not an English upper-tier GSS code"
    if event.date_precision not in DATE_PRECISIONS:
        yield "date_precision", f"{event.date_precision!r} is not one of day, month, year"
    if not event.source:
        yield "source", "every event must cite its source"
    required = _REQUIRED_EVENT_FIELDS.get(event.type)
    if required is None:
        yield "type", f"{event.type!r} is not one of {', '.join(EVENT_TYPES)}"
        return
    for name, allowed in required.items():
        value = event.fields.get(name)
        if value in (None, ""):
            yield name, f"a {event.type} event needs {name}"
        elif allowed is not None and value not in allowed:
            yield name, f"{value!r} is not one of {', '.join(allowed)}"
    if event.type == "inspection":
        overall = event.fields.get("overall")
        if overall is None and not event.fields.get("reported_judgement"):
            yield "overall", "an inspection needs overall (or reported_judgement when off-scale)"
        elif overall is not None and overall not in JUDGEMENTS:
            yield "overall", f"{overall!r} is not one of {', '.join(JUDGEMENTS)}"
    if event.type == "support":
        form, kind = event.fields.get("form"), event.fields.get("kind")
        if kind not in SUPPORT_KINDS.get(str(form), ()):
            yield "kind", f"{kind!r} is not a kind of {form}"
    for code_field in ("other_council", "partner_council"):
        code = event.fields.get(code_field)
        if code is not None and not GSS_CODE_PATTERN.match(str(code)):
            yield code_field, f"{code!r} is not a GSS code"
    for area in event.fields.get("focus", []) or []:
        if area not in PRACTICE_AREAS:
            yield "focus", f"{area!r} is not a practice area"


def check_demo_reviewer(reviewer: DemoReviewer) -> Iterator[Problem]:
    """Vocabulary, capacity bounds and date ranges of a demo reviewer."""
    if reviewer.role not in ROLES:
        yield "role", f"{reviewer.role!r} is not one of {', '.join(ROLES)}"
    if not GSS_CODE_PATTERN.match(reviewer.council):
        yield "council", f"{reviewer.council!r} is not a GSS code"
    if "@" not in reviewer.email:
        yield "email", f"{reviewer.email!r} is not an e-mail address"
    for area, level in reviewer.expertise.items():
        if area not in PRACTICE_AREAS:
            yield "expertise", f"{area!r} is not a practice area"
        if level not in EXPERTISE_LEVELS:
            yield "expertise", f"level {level!r} for {area} is not 1, 2 or 3"
    if reviewer.max_reviews < 0 or reviewer.max_days < 0:
        yield "max_reviews", "capacity cannot be negative"
    for start, end in reviewer.unavailable:
        if end < start:
            yield "unavailable", f"{start} to {end} ends before it starts"
    for conflict in reviewer.conflicts:
        if conflict.kind not in CONFLICT_KINDS:
            yield "conflicts", f"{conflict.kind!r} is not one of {', '.join(CONFLICT_KINDS)}"
