"""The committed demo pool is reproducible and realistic enough for demos and benchmarks."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from peerreview.reference import seedfiles
from peerreview.reference.demo import EMAIL_DOMAIN, ROLE_COUNTS, generate_demo_reviewers
from peerreview.reference.records import DemoReviewer
from peerreview.reference.vocabulary import CONFLICT_KINDS, PRACTICE_AREAS, REGIONS

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_seeds.py"


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_seeds_under_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(spec.name, None)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reviewers() -> list[DemoReviewer]:
    return seedfiles.read_demo_reviewers()


def test_regenerating_gives_the_committed_file(tmp_path: Path) -> None:
    build = load_build_script()
    assert (
        build.main(
            ["--demo-only", "--seeds", str(tmp_path), "--councils-from", str(seedfiles.SEEDS_DIR)]
        )
        == 0
    )
    committed = (seedfiles.SEEDS_DIR / seedfiles.DEMO_REVIEWERS_FILE).read_bytes()
    assert (tmp_path / seedfiles.DEMO_REVIEWERS_FILE).read_bytes() == committed


def test_generator_is_deterministic_and_seed_sensitive() -> None:
    councils = seedfiles.read_councils()
    assert generate_demo_reviewers(councils) == generate_demo_reviewers(councils)
    assert generate_demo_reviewers(councils, seed=1) != generate_demo_reviewers(councils)


def test_pool_shape(reviewers: list[DemoReviewer]) -> None:
    councils = {c.gss_code: c for c in seedfiles.read_councils()}
    assert len(reviewers) == sum(ROLE_COUNTS.values()) == 420
    assert Counter(r.role for r in reviewers) == ROLE_COUNTS
    assert [r.id for r in reviewers] == [f"DEMO-R{i:04d}" for i in range(1, 421)]
    emails = [r.email for r in reviewers]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith("@" + EMAIL_DOMAIN) for e in emails)
    assert all(councils[r.council].is_current for r in reviewers)
    assert {councils[r.council].region for r in reviewers} == set(REGIONS)
    assert all(r.demo for r in reviewers)


def test_larger_councils_send_more_reviewers(reviewers: list[DemoReviewer]) -> None:
    councils = [c for c in seedfiles.read_councils() if c.is_current]
    by_size = sorted(councils, key=lambda c: c.population_0_25 or 0)
    small = {c.gss_code for c in by_size[:50]}
    large = {c.gss_code for c in by_size[-50:]}
    sent = Counter(r.council for r in reviewers)
    assert sum(sent[c] for c in large) > 2 * sum(sent[c] for c in small)


def test_each_reviewer_is_plausible(reviewers: list[DemoReviewer]) -> None:
    councils = {c.gss_code: c for c in seedfiles.read_councils()}
    for r in reviewers:
        assert 2 <= len(r.expertise) <= 5
        assert set(r.expertise) <= set(PRACTICE_AREAS)
        assert all(1 <= level <= 3 for level in r.expertise.values())
        if r.role == "director":
            assert r.expertise.get("leadership") == 3
        assert 2 <= r.max_reviews <= 4 and 8 <= r.max_days <= 16
        for start, end in r.unavailable:
            assert date(2027, 1, 1) <= start <= end <= date(2027, 12, 31)
        spans = sorted(r.unavailable)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
        for past in r.past_employers:
            assert past.council != r.council and past.council in councils
            assert past.until < date(2026, 11, 1)
        for conflict in r.conflicts:
            assert conflict.kind in CONFLICT_KINDS
            assert conflict.council != r.council and conflict.council in councils
    assert sum(1 for r in reviewers if r.past_employers) > 50
    assert 5 < sum(1 for r in reviewers if r.conflicts) < 80
    assert sum(1 for r in reviewers if any(s.month in (7, 8) for s, _ in r.unavailable)) > 200
