"""The API documents get their own route label in /metrics (not "unmatched")."""

from __future__ import annotations

import httpx


async def test_docs_and_openapi_have_their_own_route_label(client: httpx.AsyncClient) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert (await client.get(path)).status_code == 200
    text = (await client.get("/metrics")).text
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert f'vexe_http_requests_total{{method="GET",route="{path}",status="200"}} 1.0' in text
    assert 'route="unmatched"' not in text
