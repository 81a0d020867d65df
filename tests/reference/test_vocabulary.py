"""The shared vocabulary: keys are stable and messy public values normalise to them."""

from __future__ import annotations

import pytest

from peerreview.reference import vocabulary as v


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("requires improvement", "requires_improvement"),
        ("Requires improvement to be good", "requires_improvement"),
        ("requires_improvement", "requires_improvement"),
        ("to requires improvement", "requires_improvement"),
        ("  Inadequate ", "inadequate"),
        ("GOOD", "good"),
        ("outstanding", "outstanding"),
        ("inspection_pre_dates_judgement", None),
        ("data_unreadable", None),
        ("not_reported_post_reform", None),
        ("", None),
        (None, None),
        ("adequate", None),
        ("excellent", None),
    ],
)
def test_normalise_judgement(text: str | None, expected: str | None) -> None:
    assert v.normalise_judgement(text) == expected


def test_no_judgement_markers_are_told_apart_from_rubbish() -> None:
    assert v.is_no_judgement("data_unreadable")
    assert v.is_no_judgement("")
    assert not v.is_no_judgement("excellent")
    assert not v.is_no_judgement("good")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("metropolitan_district", "metropolitan"),
        ("Metropolitan District", "metropolitan"),
        ("sui_generis_city_of_london", "london_borough"),
        ("London Borough", "london_borough"),
        ("Unitary Authority", "unitary"),
        ("county", "county"),
        ("parish", None),
    ],
)
def test_normalise_council_type(text: str, expected: str | None) -> None:
    assert v.normalise_council_type(text) == expected


def test_vocabulary_shapes() -> None:
    assert len(v.REGIONS) == 9 and "Yorkshire and the Humber" in v.REGIONS
    assert v.JUDGEMENTS == ("outstanding", "good", "requires_improvement", "inadequate")
    assert list(v.PRACTICE_AREAS)[0] == "front_door"
    assert v.PRACTICE_AREAS["edge_of_care"] == "Adolescents on the edge of care"
    assert len(v.PRACTICE_AREAS) == 11
    assert set(v.ROLE_LABELS) == set(v.ROLES)
    assert set(v.PHASE_LABELS) == set(v.PHASES)
    assert set(v.SUPPORT_KINDS) == set(v.SUPPORT_FORMS)
    kinds = [k for ks in v.SUPPORT_KINDS.values() for k in ks]
    assert len(kinds) == len(set(kinds)) == len(v.SUPPORT_KIND_LABELS)
    assert v.support_form_of("trust") == "alternative_delivery"
    assert v.support_form_of("commissioner") == "intervention"
    assert v.support_form_of("nonsense") is None
    assert not v.FRAMEWORKS["post_reform"].has_overall_judgement
    assert all(f.has_overall_judgement for k, f in v.FRAMEWORKS.items() if k != "post_reform")


def test_framework_dates_are_in_order() -> None:
    frameworks = [v.FRAMEWORKS[k] for k in ("child_protection", "sif", "ilacs")]
    for earlier, later in zip(frameworks, frameworks[1:], strict=False):
        assert earlier.end is not None and later.start is not None
        assert earlier.end < later.start


def test_closeness() -> None:
    assert v.normalise_closeness("Somewhat close") == "somewhat_close"
    assert v.normalise_closeness("Extremely close") == "extremely_close"
    assert v.normalise_closeness("near") is None
