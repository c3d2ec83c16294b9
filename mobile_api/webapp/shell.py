"""Serve the built rider app under ``/app/``: strict CSP, cache headers, SPA fallback.

The build (``web/app``, ``make assets-app``) writes into ``built/`` next to this module. Files under
``assets/`` carry a content hash in their name and are cached for a year; the entry points
(``index.html``, ``sw.js``, ``manifest.webmanifest``, icons) must be revalidated (``no-cache`` with
an ETag) so a new release reaches the phone on its next visit. Any other path without a file
extension is a screen of the app: it gets ``index.html`` (the app routes on the client).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from mobile_api.webapp.config import STRIPE_JS_ORIGIN, AppShellConfig
from ticketing.core.errors import NotFound, Unavailable

BUILT_DIR = Path(__file__).with_name("built")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

_BASE_CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "worker-src": "'self'",
    "frame-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
# Only the payment step, and only with Stripe: its Payment Element script and frames.
_STRIPE_CSP = {
    "script-src": f"'self' {STRIPE_JS_ORIGIN}",
    "frame-src": f"{STRIPE_JS_ORIGIN} https://hooks.stripe.com",
    "connect-src": "'self' https://api.stripe.com",
}
PAYMENT_STEP_PREFIX = "pay/"


def content_security_policy(*, stripe: bool) -> str:
    directives = {**_BASE_CSP, **(_STRIPE_CSP if stripe else {})}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass(frozen=True, slots=True)
class ShellFile:
    body: bytes
    media_type: str
    etag: str
    cache_control: str


def _media_type(name: str) -> str:
    if name.endswith(".webmanifest"):
        return "application/manifest+json"
    guessed, _ = mimetypes.guess_type(name)
    media = guessed or "application/octet-stream"
    return f"{media}; charset=utf-8" if media.startswith("text/") or media.endswith("javascript") else media


def load_shell(built_dir: Path = BUILT_DIR) -> dict[str, ShellFile]:
    """Every built file by its path under /app/, read once (the shell is small: ≤ 150 KB gzipped)."""
    files: dict[str, ShellFile] = {}
    if not built_dir.is_dir():
        return files
    for path in sorted(p for p in built_dir.rglob("*") if p.is_file()):
        name = path.relative_to(built_dir).as_posix()
        body = path.read_bytes()
        files[name] = ShellFile(
            body=body,
            media_type=_media_type(name),
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            cache_control=IMMUTABLE if name.startswith("assets/") else REVALIDATE,
        )
    return files


def _respond(request: Request, file: ShellFile, csp: str) -> Response:
    headers = {
        **SECURITY_HEADERS,
        "Content-Security-Policy": csp,
        "Cache-Control": file.cache_control,
        "ETag": file.etag,
    }
    if request.headers.get("if-none-match") == file.etag:
        return Response(status_code=304, headers=headers)
    return Response(content=file.body, media_type=file.media_type, headers=headers)


def shell_router(config: AppShellConfig, built_dir: Path = BUILT_DIR) -> APIRouter:
    files = load_shell(built_dir)
    router = APIRouter(include_in_schema=False)
    base_csp = content_security_policy(stripe=False)
    payment_csp = content_security_policy(stripe=config.uses_stripe)

    @router.get("/app")
    async def app_root() -> RedirectResponse:
        return RedirectResponse("/app/", status_code=308)

    @router.get("/app/config.json")
    async def app_config() -> JSONResponse:
        return JSONResponse(
            config.public_document(), headers={**SECURITY_HEADERS, "Cache-Control": REVALIDATE}
        )

    @router.get("/app/{path:path}")
    async def app_file(path: str, request: Request) -> Response:
        index = files.get("index.html")
        if index is None:
            raise Unavailable("app_not_built", "the rider app is not built: run make assets-app")
        found = files.get(path)
        if found is not None:
            return _respond(request, found, base_csp)
        if "." in PurePosixPath(path).name or path.startswith("assets/"):
            raise NotFound("app_file_not_found", "no such file in the rider app")
        return _respond(request, index, payment_csp if path.startswith(PAYMENT_STEP_PREFIX) else base_csp)

    return router
