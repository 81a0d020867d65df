"""The OpenAPI description is valid, covers every /api/v1 route, every path in it answers,
and real responses match its schemas."""

from __future__ import annotations

import datetime as dt

import jsonschema
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.app.calendar_helpers import COORDINATOR, ROCHDALE, demo_reviewer, publish_review
from tests.conftest import sign_in

EXAMPLES = {"code": ROCHDALE}


def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def test_document_is_valid_openapi_3_1(client, app):
    spec = document(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_document_describes_every_api_route(client, app):
    described = set(document(client)["paths"])
    routes = {
        rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == described


def schema_validator(spec: dict, schema: dict) -> jsonschema.Draft202012Validator:
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:openapi", resource)
    wrapped = {"$ref": "urn:openapi#" + schema["$ref"][1:]} if "$ref" in schema else schema
    return jsonschema.Draft202012Validator(
        wrapped, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def test_every_path_responds_as_described(client, app):
    publish_review(ROCHDALE, dt.date(2027, 3, 9), team=[demo_reviewer()])
    sign_in(client, *COORDINATOR)  # so the coordinator-only path answers 200 too
    spec = document(client)
    for path, operations in spec["paths"].items():
        url = "/api/v1" + path.format(**EXAMPLES)
        response = client.get(url)
        assert response.status_code == 200, url
        described = operations["get"]["responses"]["200"]["content"]["application/json"]
        schema_validator(spec, described["schema"]).validate(response.get_json())


def test_error_responses_match_the_error_schema(client, app):
    spec = document(client)
    error = spec["components"]["schemas"]["Error"]
    for url in ("/api/v1/councils/E99999999", "/api/v1/reviewers", "/api/v1/councils?limit=0"):
        response = client.get(url)
        assert response.status_code in (400, 401, 404)
        jsonschema.validate(response.get_json(), error)
