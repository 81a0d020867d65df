"""The audit page: national coordinators read who changed what, with a readable diff."""

from __future__ import annotations

from peerreview.audit import record_change
from peerreview.audit_views import field_changes
from peerreview.extensions import db
from tests.conftest import sign_in


def _entries() -> None:
    record_change(
        "update",
        "reviewer",
        41,
        {"name": "Ann Old", "grade": 3},
        {"name": "Ann New", "grade": 3, "team": "north"},
        reason="typo",
    )
    record_change("create", "review_request", 7, None, {"council": "E08000005"})
    db.session.commit()


def test_field_changes_lists_only_what_differs():
    changes = field_changes({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": [1]})
    assert [(c.field, c.before, c.after, c.kind) for c in changes] == [
        ("b", "2", "5", "changed"),
        ("c", "3", "", "removed"),
        ("d", "", "[1]", "added"),
    ]
    assert [c.kind for c in field_changes(None, {"x": 1})] == ["added"]
    assert field_changes([1], "odd")[0].field == "(record)"


def test_coordinator_reads_and_filters_the_trail(client):
    _entries()
    sign_in(client, "coordinator@demo.peerreview.invalid", "demo-coordinator")
    page = client.get("/audit").get_data(as_text=True)
    assert "Ann Old" in page and "Ann New" in page and "Reason: typo" in page
    only = client.get("/audit?entity=reviewer&entity_id=41").get_data(as_text=True)
    assert "Ann New" in only and "E08000005" not in only
    by_actor = client.get("/audit?actor=nobody-at-all").get_data(as_text=True)
    assert "No changes match" in by_actor
    dated = client.get("/audit?from=2000-01-01&to=2999-12-31")
    assert dated.status_code == 200 and "Ann New" in dated.get_data(as_text=True)


def test_bad_dates_get_a_validation_message(client):
    sign_in(client, "coordinator@demo.peerreview.invalid", "demo-coordinator")
    bad = client.get("/audit?from=yesterday")
    assert bad.status_code == 400
    assert "Enter the ‘from’ date in the format" in bad.get_data(as_text=True)
    backwards = client.get("/audit?from=2026-02-01&to=2026-01-01")
    assert backwards.status_code == 400
    assert "must be the same as or after" in backwards.get_data(as_text=True)
    assert client.get("/audit?page=abc&entity=" + "x" * 5000).status_code == 200
    assert client.get("/audit?to=9999-12-31").status_code == 400


def test_only_national_coordinators_see_the_trail(client):
    assert client.get("/audit").status_code == 302
    for email, password in [
        ("northwest@demo.peerreview.invalid", "demo-northwest"),
        ("rochdale@demo.peerreview.invalid", "demo-rochdale-council"),
        ("reviewer@demo.peerreview.invalid", "demo-reviewer-one"),
    ]:
        sign_in(client, email, password)
        assert client.get("/audit").status_code == 403
        client.post("/logout")
