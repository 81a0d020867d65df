"""The controlled vocabulary shared by the models, the solver, the forms and the seed files.

Everything that is stored as a short key (a region, a judgement, a practice area...) is defined
here once, so the database, the solver and the seed files cannot drift apart. Keys are stable
identifiers (stored in the database and the seed files); labels are what people read and may be
reworded without a migration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

# --- Geography -------------------------------------------------------------------------------

#: The nine English regions (ONS "regions", formerly Government Office Regions), keyed by the
#: name used in ONS and DfE publications. Regional peer-review networks follow these areas.
REGION_CODES: Final = MappingProxyType(
    {
        "North East": "E12000001",
        "North West": "E12000002",
        "Yorkshire and the Humber": "E12000003",
        "East Midlands": "E12000004",
        "West Midlands": "E12000005",
        "East of England": "E12000006",
        "London": "E12000007",
        "South East": "E12000008",
        "South West": "E12000009",
    }
)
REGIONS: Final[tuple[str, ...]] = tuple(REGION_CODES)

#: Council types that matter for "similar context" matching. ONS distinguishes more kinds of
#: authority; we keep the four that children's-services leaders compare themselves with.
COUNCIL_TYPES: Final[tuple[str, ...]] = ("county", "metropolitan", "london_borough", "unitary")
COUNCIL_TYPE_LABELS: Final = MappingProxyType(
    {
        "county": "County council",
        "metropolitan": "Metropolitan borough",
        "london_borough": "London borough",
        "unitary": "Unitary authority",
    }
)

#: Spellings found in public data (ONS, JT-39, mySociety) mapped to our keys. The City of London
#: Corporation is *sui generis*, but for children's services it sits with the London boroughs
#: (same region, same inspection regime, London statistical neighbours), so it maps there.
_COUNCIL_TYPE_ALIASES: Final = MappingProxyType(
    {
        "county": "county",
        "county council": "county",
        "metropolitan": "metropolitan",
        "metropolitan_district": "metropolitan",
        "metropolitan district": "metropolitan",
        "metropolitan borough": "metropolitan",
        "london_borough": "london_borough",
        "london borough": "london_borough",
        "sui_generis_city_of_london": "london_borough",
        "unitary": "unitary",
        "unitary authority": "unitary",
    }
)


def normalise_council_type(text: str | None) -> str | None:
    """Map a council-type spelling from public data to a key of COUNCIL_TYPES, or None."""
    if text is None:
        return None
    return _COUNCIL_TYPE_ALIASES.get(" ".join(text.strip().lower().split()))


#: GSS codes of English upper-tier authorities: unitary (E06), county (E10), metropolitan
#: district (E08), London borough and the City (E09). Checked on import so typos surface early.
GSS_CODE_PATTERN: Final = re.compile(r"^E(06|08|09|10)\d{6}$")
#: DfE local-authority codes ("LA codes", formerly LEA codes) are three digits.
DFE_CODE_PATTERN: Final = re.compile(r"^\d{3}$")

# --- Ofsted --------------------------------------------------------------------------------

#: Ofsted judgements from best to worst. Order matters: "at least good" comparisons use it.
JUDGEMENTS: Final[tuple[str, ...]] = ("outstanding", "good", "requires_improvement", "inadequate")
JUDGEMENT_LABELS: Final = MappingProxyType(
    {
        "outstanding": "Outstanding",
        "good": "Good",
        "requires_improvement": "Requires improvement to be good",
        "inadequate": "Inadequate",
    }
)

#: Markers in public data that mean "there is no judgement here" rather than a bad value.
NO_JUDGEMENT_MARKERS: Final = frozenset(
    {
        "",
        "-",
        "n/a",
        "na",
        "none",
        "not judged",
        "inspection_pre_dates_judgement",
        "data_unreadable",
        "not_reported_post_reform",
    }
)


def _squash(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


_NO_JUDGEMENT_SQUASHED: Final = frozenset(_squash(m) for m in NO_JUDGEMENT_MARKERS)


def normalise_judgement(text: str | None) -> str | None:
    """Map a messy judgement ("Requires improvement to be good", "inadequate") to a key.

    Returns None both for "no judgement" markers and for text that is not a judgement at all;
    importers that must tell those apart call :func:`is_no_judgement` first.
    """
    if text is None:
        return None
    squashed = _squash(text)
    if squashed in _NO_JUDGEMENT_SQUASHED:
        return None
    # The JT-39 scrape sometimes keeps a fragment of "(improved) to requires improvement".
    squashed = squashed.removeprefix("to ").strip()
    if squashed.startswith("requires improvement"):
        return "requires_improvement"
    if squashed in {"outstanding", "good", "inadequate"}:
        return squashed
    return None


def is_no_judgement(text: str | None) -> bool:
    """True when the value means "no judgement recorded" (blank, unreadable, not yet graded)."""
    return text is None or _squash(text) in _NO_JUDGEMENT_SQUASHED


@dataclass(frozen=True)
class Framework:
    """An Ofsted inspection framework: judgements are only comparable within one framework."""

    key: str
    label: str
    start: date | None
    end: date | None
    has_overall_judgement: bool


#: Inspection frameworks for local authority children's services, oldest first. Dates are the
#: frameworks' first and last inspections (approximate at the edges; the importer uses them only
#: when the source does not say which framework a row belongs to).
FRAMEWORKS: Final = MappingProxyType(
    {
        "child_protection": Framework(
            "child_protection",
            "Child protection and looked-after children inspections (to 2013)",
            None,
            date(2013, 10, 31),
            True,
        ),
        "sif": Framework(
            "sif",
            "Single inspection framework (SIF, 2013-2017)",
            date(2013, 11, 1),
            date(2017, 12, 31),
            True,
        ),
        "ilacs": Framework(
            "ilacs",
            "Inspecting local authority children's services (ILACS, 2018-)",
            date(2018, 1, 1),
            None,
            True,
        ),
        "post_reform": Framework(
            "post_reform",
            "ILACS after the 2026 reform (no overall effectiveness judgement)",
            date(2026, 4, 1),
            None,
            False,
        ),
    }
)

#: ILACS has short (one week on site) and standard (two weeks) inspections.
INSPECTION_TYPES: Final[tuple[str, ...]] = ("short", "standard")

#: Closeness of a DfE statistical neighbour, closest first (DfE's own five bands).
CLOSENESS: Final = MappingProxyType(
    {
        "extremely_close": "Extremely close",
        "very_close": "Very close",
        "close": "Close",
        "somewhat_close": "Somewhat close",
        "not_close": "Not close",
    }
)


def normalise_closeness(text: str | None) -> str | None:
    """Map DfE's closeness wording ("Somewhat close") to a key of CLOSENESS, or None."""
    if text is None:
        return None
    key = _squash(text).replace(" ", "_")
    return key if key in CLOSENESS else None


# --- Practice and people ---------------------------------------------------------------------

#: Practice areas that reviewers bring and reviews focus on (the report's list), in display
#: order: the child's journey first, then the enabling functions.
PRACTICE_AREAS: Final = MappingProxyType(
    {
        "front_door": "Front door, thresholds and referrals",
        "early_help": "Early help",
        "child_protection": "Child protection",
        "children_in_care": "Children in care",
        "edge_of_care": "Adolescents on the edge of care",
        "care_leavers": "Care leavers",
        "leadership": "Leadership and governance",
        "partnerships": "Partnership working",
        "corporate_support": "Corporate support (HR, finance, legal, IT)",
        "quality_assurance": "Quality assurance and performance data",
        "workforce": "Workforce",
    }
)

#: Expertise is self-declared on a three-point scale; 3 means "has led improvement in it".
EXPERTISE_LEVELS: Final = MappingProxyType({1: "Working knowledge", 2: "Strong", 3: "Has led it"})

#: Reviewer roles: reviews need a mix (a director leads, practitioners read case files,
#: a councillor looks at political leadership and scrutiny).
ROLES: Final[tuple[str, ...]] = ("director", "senior_manager", "practitioner", "councillor")
ROLE_LABELS: Final = MappingProxyType(
    {
        "director": "Director of children's services (or deputy)",
        "senior_manager": "Senior manager",
        "practitioner": "Practitioner or practice lead",
        "councillor": "Councillor (lead member)",
    }
)

#: Kinds of declared conflict of interest a reviewer can record against a council.
CONFLICT_KINDS: Final[tuple[str, ...]] = ("personal", "professional", "collaborator")

# --- Improvement journey ---------------------------------------------------------------------

#: Phases of an improvement journey (the report's terms); a council is in one at a time.
PHASES: Final[tuple[str, ...]] = ("poor_to_fair", "fair_to_good", "good_to_great", "sustaining")
PHASE_LABELS: Final = MappingProxyType(
    {
        "poor_to_fair": "Poor to fair",
        "fair_to_good": "Fair to good",
        "good_to_great": "Good to great",
        "sustaining": "Sustaining",
    }
)

#: The report's three forms of improvement support, and the kinds of support within each.
SUPPORT_FORMS: Final[tuple[str, ...]] = ("sector_led", "intervention", "alternative_delivery")
SUPPORT_FORM_LABELS: Final = MappingProxyType(
    {
        "sector_led": "Sector-led improvement",
        "intervention": "External scrutiny and formal intervention",
        "alternative_delivery": "Alternative delivery model",
    }
)
SUPPORT_KINDS: Final = MappingProxyType(
    {
        "sector_led": (
            "peer_review",
            "peer_challenge",
            "strategic_partnership",
            "joint_practice_development",
            "regional_network",
        ),
        "intervention": (
            "improvement_board",
            "commissioner",
            "improvement_notice",
            "statutory_direction",
            "dfe_monitoring",
        ),
        "alternative_delivery": ("executive_leadership", "trust", "council_company"),
    }
)
SUPPORT_KIND_LABELS: Final = MappingProxyType(
    {
        "peer_review": "Peer review",
        "peer_challenge": "Peer challenge",
        "strategic_partnership": "Strategic partnership with another council",
        "joint_practice_development": "Joint practice development",
        "regional_network": "Regional improvement network",
        "improvement_board": "Independently chaired improvement board",
        "commissioner": "Children's services commissioner",
        "improvement_notice": "DfE improvement notice",
        "statutory_direction": "Statutory direction",
        "dfe_monitoring": "DfE monitoring",
        "executive_leadership": "Executive leadership shared across councils",
        "trust": "Independent children's services trust",
        "council_company": "Council-owned company",
    }
)


def support_form_of(kind: str) -> str | None:
    """The form (sector_led, intervention, alternative_delivery) a support kind belongs to."""
    for form, kinds in SUPPORT_KINDS.items():
        if kind in kinds:
            return form
    return None


#: Standing relations between councils that make a reviewer from one not independent of the
#: other (product rule: never review your strategic partner or a shared organisation).
RELATION_KINDS: Final[tuple[str, ...]] = (
    "strategic_partner",
    "shared_leadership",
    "shared_delivery",
)

#: Why a review happens (the report's "key transition points", plus the regular cycle).
REVIEW_KINDS: Final[tuple[str, ...]] = ("baseline", "validation", "cycle", "focused")
REVIEW_KIND_LABELS: Final = MappingProxyType(
    {
        "baseline": "Baseline review (start of an improvement journey)",
        "validation": "Validation review (moving between phases)",
        "cycle": "Regular cycle review",
        "focused": "Focused review of one priority area",
    }
)

#: Kinds of dated event in a council's history (seeds/case_histories.json).
EVENT_TYPES: Final[tuple[str, ...]] = (
    "inspection",
    "monitoring_visit",
    "focused_visit",
    "leadership_change",
    "phase",
    "support",
    "peer_review",
    "relation",
)
#: How precisely a historical date is known; the report often gives only a year.
DATE_PRECISIONS: Final[tuple[str, ...]] = ("day", "month", "year")
