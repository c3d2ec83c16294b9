"""The rider app shell at /app/: CSP without inline script, cache headers, SPA fallback, the
manifest and service worker, and Stripe's script allowed only on the payment step with Stripe."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mobile_api.webapp import AppShellConfig
from mobile_api.webapp.shell import BUILT_DIR, shell_router
from ticketing.http.problems import install_problem_handlers


def asset_paths() -> list[str]:
    index = (BUILT_DIR / "index.html").read_text()
    return re.findall(r'(?:src|href)="/app/(assets/[^"]+)"', index)


@pytest.fixture
async def stripe_shell() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_problem_handlers(app)
    config = AppShellConfig(payments_provider="stripe", stripe_publishable_key="pk_test_1")
    app.include_router(shell_router(config))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c


async def test_index_has_a_strict_csp_and_no_inline_script(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "js.stripe.com" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    # every script is an external file of the shell; none inline
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, flags=re.S)
    assert scripts
    assert all('src="/app/assets/' in attrs and body.strip() == "" for attrs, body in scripts)


async def test_screens_fall_back_to_the_index_and_missing_files_are_404(client: httpx.AsyncClient) -> None:
    index = (await client.get("/app/")).content
    for screen in ("/app/tickets", "/app/tickets/ABC123", "/app/wallet", "/app/pay/01ORDER"):
        response = await client.get(screen)
        assert (response.status_code, response.content) == (200, index), screen
        assert "js.stripe.com" not in response.headers["content-security-policy"]  # sandbox here
    for missing in ("/app/nothing.js", "/app/assets/app-OLD.js"):
        response = await client.get(missing)
        assert response.status_code == 404
        assert response.json()["code"] == "app_file_not_found"
    root = await client.get("/app", follow_redirects=False)
    assert (root.status_code, root.headers["location"]) == (308, "/app/")


async def test_hashed_assets_are_immutable_and_entry_points_revalidate(client: httpx.AsyncClient) -> None:
    assets = asset_paths()
    assert {Path(p).suffix for p in assets} == {".js", ".css"}
    for path in assets:
        response = await client.get(f"/app/{path}")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    for entry in ("/app/sw.js", "/app/manifest.webmanifest", "/app/icons/icon-192.png"):
        response = await client.get(entry)
        assert (response.status_code, response.headers["cache-control"]) == (200, "no-cache"), entry
        etag = response.headers["etag"]
        again = await client.get(entry, headers={"If-None-Match": etag})
        assert (again.status_code, again.content) == (304, b"")


async def test_manifest_makes_the_app_installable_under_app(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/manifest.webmanifest")
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/app/", "/app/", "standalone")
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (await client.get(icon["src"])).status_code == 200
    worker = await client.get("/app/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    for path in asset_paths():
        assert f"/app/{path}" in worker.text  # precached: the shell opens offline


async def test_config_tells_the_provider_without_secrets(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/config.json")
    assert response.json() == {"payments_provider": "sandbox", "stripe_publishable_key": None}


async def test_stripe_script_is_allowed_only_on_the_payment_step(stripe_shell: httpx.AsyncClient) -> None:
    pay = await stripe_shell.get("/app/pay/01ORDER")
    assert "script-src 'self' https://js.stripe.com" in pay.headers["content-security-policy"]
    for other in ("/app/", "/app/tickets", "/app/shop"):
        csp = (await stripe_shell.get(other)).headers["content-security-policy"]
        assert "js.stripe.com" not in csp, other
    config = (await stripe_shell.get("/app/config.json")).json()
    assert config == {"payments_provider": "stripe", "stripe_publishable_key": "pk_test_1"}
