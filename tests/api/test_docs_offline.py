"""/docs and /redoc work with no internet: every asset comes from the app itself."""

from __future__ import annotations

import re

import httpx
import pytest

URL_ATTRIBUTE = re.compile(r"""(?:src|href|url)\s*[:=(]\s*['"]?([^'"\s)>]+)""", re.IGNORECASE)


def _asset_urls(html: str) -> list[str]:
    return URL_ATTRIBUTE.findall(html)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_pages_reference_only_local_assets(client: httpx.AsyncClient, page: str) -> None:
    response = await client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    for marker in ("cdn.jsdelivr", "unpkg.com", "fonts.googleapis", "cdnjs", "http://", "https://"):
        assert marker not in html, marker
    urls = _asset_urls(html)
    assert urls, "no asset found in the page"
    for url in urls:
        assert url.startswith("/"), url


async def test_every_asset_the_pages_name_is_served(client: httpx.AsyncClient) -> None:
    urls = set()
    for page in ("/docs", "/redoc"):
        urls.update(u for u in _asset_urls((await client.get(page)).text) if u != "/openapi.json")
    assert {u.rsplit("/", 1)[-1] for u in urls} >= {
        "swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"
    }
    for url in sorted(urls):
        response = await client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 0, url
        if url.endswith(".js"):
            assert "javascript" in response.headers["content-type"]
            assert len(response.content) > 100_000  # the real bundle, not a placeholder
        if url.endswith(".css"):
            assert response.headers["content-type"].startswith("text/css")


async def test_openapi_document_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "vexe"
    assert "/healthz" in spec["paths"]
    assert "/docs" not in spec["paths"]  # the UI itself is not an API operation


async def test_missing_asset_is_a_problem_not_a_crash(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs-assets/no-such-file.js")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
