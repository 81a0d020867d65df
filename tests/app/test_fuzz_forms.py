"""Fuzzing the forms and the import: whatever is posted, the answer is a page or a clear 4xx,
never a 500. Field names are read from each form page itself, so a field added later is
fuzzed too. Bounded (max_examples, no deadline) to keep the suite quick."""

from __future__ import annotations

import io
import re

from flask import g
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import sign_in

COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)

#: Values a person, a script or an attacker might type into any field.
VALUE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1e309",
            "NaN",
            "2027-02-30",
            "31/12/2026",
            "9999-12-31",
            "0001-01-01",
            "E08000005",
            "E99999999",
            "north_west",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
            "x" * 100_000,
        ]
    ),
)


def _fields(client, url: str) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200, url
    names = [name for name in FIELD.findall(page.get_data(as_text=True)) if name != "csrf_token"]
    assert names, url
    return sorted(set(names))


def _post_never_500(client, url: str, data) -> None:
    g.pop("_login_user", None)
    response = client.post(url, data=data)
    assert response.status_code < 500, (url, data, response.get_data(as_text=True)[:2000])


def _form_data(names: list[str]):
    """Any subset of the form's fields, each with one or several values, plus stray fields."""
    value = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3))
    return st.dictionaries(
        st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=10)), value, max_size=15
    )


@FUZZ
@given(email=VALUE, password=VALUE)
def test_sign_in_never_fails(client, email, password):
    _post_never_500(client, "/login", {"email": email, "password": password})
    _post_never_500(client, "/forgot-password", {"email": email})


def _fuzz_form(app, url: str, who=COORDINATOR):
    client = app.test_client()
    g.pop("_login_user", None)
    sign_in(client, *who)
    names = _fields(client, url)

    @FUZZ
    @given(data=_form_data(names))
    def run(data):
        _post_never_500(client, url, data)

    run()


def test_request_form_never_fails(app):
    _fuzz_form(app, "/requests/new")


def test_reviewer_form_never_fails(app):
    _fuzz_form(app, "/reviewers/new")


def test_reviewer_availability_and_conflict_forms_never_fail(app):
    _fuzz_form(app, "/reviewers/DEMO-R0001/unavailable/new")
    _fuzz_form(app, "/reviewers/DEMO-R0001/conflicts/new")


def test_council_event_forms_never_fail(app):
    from peerreview.councils.events import KINDS

    for slug in KINDS:
        _fuzz_form(app, f"/councils/E08000005/{slug}/new")


def test_team_template_form_never_fails(app):
    _fuzz_form(app, "/templates/new")


FILE_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda text: text.encode("utf-16")),
    st.text(max_size=500).map(lambda text: text.encode("utf-8")),
    st.lists(
        st.lists(st.one_of(VALUE, st.just("E08000005")), min_size=1, max_size=12),
        max_size=20,
    ).map(lambda rows: "\n".join(",".join(row) for row in rows).encode("utf-8", "replace")),
)


def test_reviewer_import_never_fails(app):
    client = app.test_client()
    sign_in(client, *COORDINATOR)
    template = client.get("/reviewers/import/template.csv").data

    @FUZZ
    @given(
        body=st.one_of(
            FILE_BYTES,
            # The real header with random rows: reaches the row checks, not just the parser.
            st.lists(st.lists(VALUE, min_size=1, max_size=15), max_size=10).map(
                lambda rows: (
                    template.splitlines()[0]
                    + b"\n"
                    + "\n".join(",".join(r) for r in rows).encode("utf-8", "replace")
                )
            ),
        ),
        name=st.sampled_from(["reviewers.csv", "reviewers.xlsx", "x.txt", "", "../../etc"]),
    )
    def run(body, name):
        g.pop("_login_user", None)
        response = client.post(
            "/reviewers/import",
            data={"file": (io.BytesIO(body), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code < 500, response.get_data(as_text=True)[:2000]

    run()


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(
            ["entity", "entity_id", "actor", "from", "to", "page", "q", "region", "status"]
        ),
        VALUE,
        max_size=5,
    )
)
def test_filter_pages_never_fail(app, query):
    client = app.test_client()
    g.pop("_login_user", None)
    sign_in(client, *COORDINATOR)
    for url in ("/audit", "/councils/", "/requests", "/reviewers/", "/due", "/calendar/"):
        g.pop("_login_user", None)
        response = client.get(url, query_string=query)
        assert response.status_code < 500, (url, query)
