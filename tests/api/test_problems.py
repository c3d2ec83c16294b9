"""RFC 9457 problem+json: shape, language, and every way a request can fail."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core import errors
from ticketing.http.problem_details import CODE_DETAILS
from ticketing.http.problems import PROBLEM_JSON

SECRET = "postgresql://vexe:hunter2@db/vexe"

probe = APIRouter(prefix="/_probe")


class Purchase(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    fare_product_id: str = Field(min_length=1)
    quantity: int = Field(ge=1, le=10)


@probe.post("/purchase")
async def purchase(body: Purchase, limit: int = 5) -> dict[str, Any]:
    return {"ok": body.quantity, "limit": limit}


ERRORS: dict[str, errors.DomainError] = {
    "invalid": errors.InvalidInput("journey_invalid", "legs must be in time order"),
    "rejected": errors.Rejected("ticket_not_activatable", "already active"),
    "not_found": errors.NotFound("order_not_found", "no order 01J"),
    "conflict": errors.Conflict("idempotency_key_reused", "different body", order_id="01JX"),
    "unauthenticated": errors.Unauthenticated("token_expired", "access token expired"),
    "forbidden": errors.Forbidden("operator_scope", "scoped to HN_BUS"),
    "rate_limited": errors.RateLimited("rate_limited", "slow down", retry_after_s=17),
    "payment_failed": errors.PaymentFailed("card_declined", "the card was declined"),
    "unavailable": errors.Unavailable("provider_down", "try later"),
}


@probe.get("/domain/{kind}")
async def domain(kind: str) -> None:
    raise ERRORS[kind]


@probe.get("/crash")
async def crash() -> None:
    raise RuntimeError(f"could not connect to {SECRET}")


@pytest.fixture
def probed(app: FastAPI) -> FastAPI:
    app.include_router(probe)
    return app


@pytest.fixture
async def pclient(probed: FastAPI) -> Any:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=probed), base_url="http://test") as c:
        yield c


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"https://vexe.dev/problems/{code}"
    assert isinstance(body["title"], str)
    assert body["title"]
    assert body["instance"] == response.request.url.path
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_unknown_route_is_404_in_vietnamese_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/no-such-thing")
    body = assert_problem(response, 404, "not_found")
    assert body["title"] == "Không tìm thấy"
    assert response.headers["content-language"] == "vi"


@pytest.mark.parametrize(
    ("accept_language", "title", "language"),
    [
        ("en", "Not found", "en"),
        ("en-US,en;q=0.9", "Not found", "en"),
        ("vi;q=0.3, en;q=0.7", "Not found", "en"),
        ("en;q=0.3, vi;q=0.7", "Không tìm thấy", "vi"),
        ("fr-FR", "Không tìm thấy", "vi"),
    ],
)
async def test_title_follows_accept_language(
    client: httpx.AsyncClient, accept_language: str, title: str, language: str
) -> None:
    response = await client.get("/v1/no-such-thing", headers={"Accept-Language": accept_language})
    body = assert_problem(response, 404, "not_found")
    assert body["title"] == title
    assert response.headers["content-language"] == language


async def test_wrong_method_is_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.post("/healthz")
    body = assert_problem(response, 405, "method_not_allowed")
    assert body["title"] == "Phương thức không được hỗ trợ"
    assert response.headers["allow"] == "GET"


async def test_validation_names_the_field_and_where_it_is(pclient: httpx.AsyncClient) -> None:
    response = await pclient.post(
        "/_probe/purchase?limit=many", json={"fare_product_id": "", "quantity": "2", "colour": "red"},
        headers={"Accept-Language": "en"},
    )
    body = assert_problem(response, 422, "validation_failed")
    assert body["title"] == "The request body or parameters are invalid"
    locations = {tuple(e["loc"]) for e in body["errors"]}
    assert locations == {
        ("query", "limit"),
        ("body", "fare_product_id"),
        ("body", "quantity"),  # strict: "2" is not an int
        ("body", "colour"),  # extra fields are refused
    }
    assert all(set(e) == {"loc", "msg", "type"} for e in body["errors"])  # never echoes the input
    assert body["detail"].split(": ", 1)[0] in {".".join(loc) for loc in locations}


async def test_missing_body_and_malformed_json_are_422(pclient: httpx.AsyncClient) -> None:
    missing = await pclient.post("/_probe/purchase")
    assert assert_problem(missing, 422, "validation_failed")["errors"][0]["loc"] == ["body"]
    broken = await pclient.post(
        "/_probe/purchase", content=b'{"fare_product_id": ', headers={"content-type": "application/json"}
    )
    assert assert_problem(broken, 422, "validation_failed")["errors"][0]["type"] == "json_invalid"


async def test_valid_request_passes(pclient: httpx.AsyncClient) -> None:
    response = await pclient.post("/_probe/purchase?limit=3", json={"fare_product_id": "p", "quantity": 2})
    assert response.status_code == 200
    assert response.json() == {"ok": 2, "limit": 3}


@pytest.mark.parametrize(
    ("kind", "status"),
    [("invalid", 422), ("rejected", 400), ("not_found", 404), ("conflict", 409), ("unauthenticated", 401),
     ("forbidden", 403), ("rate_limited", 429), ("payment_failed", 402), ("unavailable", 503)],
)
async def test_domain_errors_map_to_status_and_code(
    pclient: httpx.AsyncClient, kind: str, status: int
) -> None:
    error = ERRORS[kind]
    response = await pclient.get(f"/_probe/domain/{kind}", headers={"Accept-Language": "en"})
    body = assert_problem(response, status, error.code)
    assert body["detail"] == error.detail


async def test_domain_error_extras_headers_and_titles(pclient: httpx.AsyncClient) -> None:
    limited = await pclient.get("/_probe/domain/rate_limited")
    assert limited.headers["retry-after"] == "17"
    assert "retry_after_s" not in limited.json()
    assert limited.json()["title"] == "Quá nhiều yêu cầu, vui lòng thử lại sau"
    conflict = await pclient.get("/_probe/domain/conflict", headers={"Accept-Language": "en"})
    assert conflict.json()["order_id"] == "01JX"
    assert conflict.json()["title"] == "This Idempotency-Key was used with a different request"
    unauthenticated = await pclient.get("/_probe/domain/unauthenticated")
    assert unauthenticated.headers["www-authenticate"] == "Bearer"
    assert unauthenticated.json()["title"] == "Mã truy cập đã hết hạn"
    # A code without its own title gets its kind's title.
    declined = await pclient.get("/_probe/domain/payment_failed", headers={"Accept-Language": "en"})
    assert declined.json()["title"] in {"Payment failed", "The card was declined"}


async def test_unhandled_error_is_a_500_that_leaks_nothing(
    pclient: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="vexe.access"):
        response = await pclient.get("/_probe/crash", headers={"X-Request-ID": "trace-500"})
    body = assert_problem(response, 500, "internal_error")
    assert body["request_id"] == "trace-500"
    assert body["title"] == "Lỗi hệ thống"
    assert set(body) == {"type", "title", "status", "code", "instance", "request_id", "detail"}
    # The detail is the catalogue's fixed sentence, never the exception's text.
    assert body["detail"] == CODE_DETAILS["internal_error"][0]
    for leak in ("hunter2", "RuntimeError", "Traceback", "postgresql"):
        assert leak not in response.text
    # ... while the log keeps what operators need, under the same request id.
    logged = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert len(logged) == 1
    assert getattr(logged[0], "request_id", None) == "trace-500"
    assert logged[0].exc_info is not None
    assert "hunter2" in str(logged[0].exc_info[1])


async def test_problem_responses_are_documented_in_openapi(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    login = spec["paths"]["/v1/ops/auth/login"]["post"]["responses"]
    for status in ("401", "422", "429"):
        assert PROBLEM_JSON in login[status]["content"]
