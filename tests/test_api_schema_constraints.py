"""The schema of /api/v1/ says the truth about every query parameter, and the API holds
every request to it (common.api.filters, common.api.schema, common.api.pagination): what
schemathesis checks in .ci/run with all its checks, pinned here without a server.

For every list operation, each parameter's stated type, enum, format, length and range
are tried on both sides of the line: a value the schema admits is answered 200, a value
it refuses is answered 400 with the form fields' own code for that parameter."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import SchemaGenerator

from coalicion.api_router import router
from common.api.filters import ApiFilterBackend, value_schema

pytestmark = pytest.mark.django_db

# /progress/ reads its parameters with a serializer of its own and refuses data it does
# not hold (no POA that year, no national body for the country): .ci/schemathesis.toml.
OWN_RULES = {"/api/v1/progress/"}


@pytest.fixture(scope="module")
def schema() -> dict:
    """/api/schema/ as drf-spectacular builds it for the view (no request needed)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def list_paths(schema: dict) -> list[str]:
    return sorted(p for p in schema["paths"] if "{" not in p and p not in OWN_RULES)


LIST_PATHS = [
    "/api/v1/activities/",
    "/api/v1/agreements/",
    "/api/v1/archive-documents/",
    "/api/v1/communiques/",
    "/api/v1/contact-points/",
    "/api/v1/countries/",
    "/api/v1/designations/",
    "/api/v1/legislation-cells/",
    "/api/v1/legislation-reforms/",
    "/api/v1/meetings/",
    "/api/v1/national-bodies/",
    "/api/v1/observers/",
    "/api/v1/operational-objectives/",
    "/api/v1/plan/",
    "/api/v1/poas/",
    "/api/v1/progress-reports/",
    "/api/v1/published-results/",
    "/api/v1/reporting-periods/",
    "/api/v1/reports/",
    "/api/v1/statistics/",
]


def query_parameters(schema: dict, path: str) -> dict[str, dict]:
    operation = schema["paths"][path]["get"]
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


def cases(stated: dict) -> tuple[list[str], list[tuple[str, str]]]:
    """Values the schema admits, and values it refuses with the code the API answers
    (alternatives separated by |)."""
    valid, invalid = [""], []
    kind = stated.get("type")
    if "enum" in stated:
        valid.append(str(stated["enum"][0]))
        invalid.append(("not-a-choice", "invalid_choice"))
    elif kind == "boolean":
        valid += ["true", "false"]
        invalid += [("yes", "invalid"), ("1", "invalid")]
    elif kind == "integer":
        low, high = stated.get("minimum"), stated.get("maximum")
        if low is not None:
            valid.append(str(low))
            invalid.append((str(low - 1), "min_value"))
        if high is not None and high < 10**6:
            valid.append(str(high))
            invalid.append((str(high + 1), "max_value"))
        inside = low if low is not None else 1
        # A fraction: a filter's decimal field says max_decimal_places, the pagination
        # invalid. A space: the form field would read it, the schema does not admit it.
        invalid += [(f"{inside}.5", "max_decimal_places|invalid"), ("abc", "invalid")]
        invalid.append((f" {inside}", "invalid"))
    elif stated.get("format") == "date":
        valid.append("2026-01-05")
        invalid += [("2026-1-5", "invalid"), ("2026-02-30", "invalid"), ("05/01/2026", "invalid")]
    elif kind == "string":
        if "maxLength" in stated:
            valid.append("X" * stated["maxLength"])
            invalid.append(("X" * (stated["maxLength"] + 1), "max_length"))
        if "pattern" in stated:
            invalid.append(("\x00", "null_characters_not_allowed"))
    return valid, invalid


def get(client, path: str, query: list[tuple[str, str]]):
    return client.get(f"{path}?{urlencode(query)}")


def test_the_list_operations_are_the_ones_tried_here(schema):
    assert list_paths(schema) == LIST_PATHS


@pytest.mark.parametrize("path", LIST_PATHS)
def test_each_parameter_admits_what_the_schema_admits_and_refuses_the_rest(schema, st_api, path):
    parameters = query_parameters(schema, path)
    assert {"page", "page_size", "ordering"} <= set(parameters)
    for name, parameter in parameters.items():
        assert parameter.get("allowEmptyValue") is True, name
        valid, invalid = cases(parameter["schema"])
        for value in valid:
            response = get(st_api, path, [(name, value)])
            assert response.status_code == 200, (name, value, response.json())
        for value, code in invalid:
            response = get(st_api, path, [(name, value)])
            body = response.json()
            assert response.status_code == 400, (name, value, body)
            assert [e["code"] for e in body["fields"][name]][0] in code.split("|"), (name, value)
            assert len(body["fields"][name]) == 1, (name, value, body)
        given = valid[-1] or "x"
        response = get(st_api, path, [(name, given), (name, given)])
        assert response.status_code == 400, (name, response.json())
        assert response.json()["fields"][name][0]["code"] == "multiple_values"


def test_the_schema_states_each_filters_form_field(schema):
    """The constraints come from the filters themselves, for every app: a CharFilter's
    max_length, a ChoiceFilter's choices, a number filter's bounds, a date's format."""
    countries = query_parameters(schema, "/api/v1/countries/")
    assert countries["iso_code"]["schema"]["maxLength"] == 2
    assert countries["status"]["schema"]["enum"] == ["member", "observer"]
    poas = query_parameters(schema, "/api/v1/poas/")
    year = {"type": "integer", "minimum": 1900, "maximum": 2200}
    assert poas["year"]["schema"].items() >= year.items()
    assert poas["approved_after"]["schema"]["format"] == "date"
    assert query_parameters(schema, "/api/v1/progress-reports/")["semester"]["schema"]["enum"] == [
        1,
        2,
    ]
    checked = 0
    for prefix, viewset, _basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        documented = query_parameters(schema, f"/api/v1/{prefix}/")
        for name, filter_field in filterset_class.base_filters.items():
            stated = value_schema(filter_field)
            if stated is None:
                continue
            checked += 1
            assert documented[name]["schema"].items() >= stated.items(), (prefix, name)
    assert checked >= 40


def test_every_filtered_view_enforces_what_the_schema_states():
    for prefix, viewset, _basename in router.registry:
        for backend in viewset.filter_backends:
            if issubclass(backend, DjangoFilterBackend):
                assert issubclass(backend, ApiFilterBackend), prefix


def test_an_out_of_enum_value_is_refused_with_invalid_choice(partner_api):
    response = partner_api.get("/api/v1/countries/", {"status": "candidate"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_choice"
    assert body["fields"]["status"][0]["code"] == "invalid_choice"
    assert partner_api.get("/api/v1/countries/", {"status": ""}).status_code == 200


def test_pages_and_sizes_are_refused_not_replaced(partner_api):
    def code(**query):
        response = partner_api.get("/api/v1/countries/", query)
        assert response.status_code == 400, response.json()
        return response.json()["code"]

    assert code(page_size=-1) == "min_value"
    assert code(page_size=0) == "min_value"
    assert code(page_size=201) == "max_value"
    assert code(page_size="null") == "invalid"
    assert code(page=0) == "min_value"
    assert code(page="last") == "invalid"
    assert len(partner_api.get("/api/v1/countries/", {"page_size": 2}).json()["results"]) == 2
    assert partner_api.get("/api/v1/countries/", {"page_size": "", "page": ""}).status_code == 200
    past = partner_api.get("/api/v1/countries/", {"page": 99})
    assert past.status_code == 404 and past.json()["code"] == "not_found"


def test_a_parameter_of_a_views_own_serializer_comes_once_too(partner_api):
    response = partner_api.get("/api/v1/progress/?year=2018&year=2019")
    assert response.status_code == 400
    assert response.json()["fields"]["year"][0]["code"] == "multiple_values"


def test_a_body_with_nested_objects_is_json_only(schema):
    entries = schema["paths"]["/api/v1/progress-reports/{id}/entries/"]["post"]
    assert list(entries["requestBody"]["content"]) == ["application/json"]
    submit = schema["paths"]["/api/v1/progress-reports/{id}/submit/"]["post"]
    assert "application/json" in submit["requestBody"]["content"]
    assert len(submit["requestBody"]["content"]) > 1  # a flat body may be form-encoded
    assert "415" in entries["responses"]
