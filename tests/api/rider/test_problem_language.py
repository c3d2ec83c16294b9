"""Problems over HTTP: title and detail follow Accept-Language (Vietnamese by default)."""

from __future__ import annotations

import httpx
import pytest

from ticketing.http.problem_catalog import CODE_TITLES
from ticketing.http.problem_details import CODE_DETAILS

pytestmark = pytest.mark.usefixtures("hanoi_feed")

CASES = [
    ("GET", "/v1/products?rider_category_id=khong_co", None, 422, "rider_category_unknown"),
    ("GET", "/v1/products?cursor=abc", None, 422, "cursor_invalid"),
    ("GET", "/v1/orders", None, 401, "unauthenticated"),
    ("GET", "/v1/no-such-thing", None, 404, "not_found"),
    ("POST", "/v1/quotes", {"rider_category_id": "pho_thong", "legs": []}, 422, "validation_failed"),
    ("POST", "/v1/orders/01JX0000000000000000000000/sandbox-confirm", None, 401, "unauthenticated"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), CASES)
async def test_detail_follows_the_language(
    client: httpx.AsyncClient, method: str, path: str, body: object, status: int, code: str
) -> None:
    vi = await client.request(method, path, json=body)
    en = await client.request(method, path, json=body, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert vi.status_code == en.status_code == status
    assert vi.json()["code"] == en.json()["code"] == code
    title_vi, title_en = CODE_TITLES[code]
    detail_vi, detail_en = CODE_DETAILS[code]
    assert (vi.json()["title"], vi.json()["detail"]) == (title_vi, detail_vi)
    assert en.json()["title"] == title_en
    # In English the error's own message (which value was wrong), else the catalogue's sentence.
    assert en.json()["detail"] == vi.json().get("detail_en", detail_en)
    assert "detail_en" not in en.json()
    assert vi.headers["content-language"] == "vi"
    assert en.headers["content-language"] == "en"


async def test_the_specific_message_is_kept_beside_the_vietnamese_sentence(client: httpx.AsyncClient) -> None:
    vi = (await client.get("/v1/products", params={"rider_category_id": "khong_co"})).json()
    assert "khong_co" in vi["detail_en"]
    assert vi["detail"] == CODE_DETAILS["rider_category_unknown"][0]
