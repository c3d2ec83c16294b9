"""Jinja2 templates of the console (autoescaped) and the security headers of every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from console.text import local_date, local_time, money, pick

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# No script at all and no inline style: charts are inline SVG with presentation attributes only.
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["money"] = money
_env.filters["local_time"] = local_time
_env.filters["local_date"] = local_date


def page(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    """Render ``template`` with the signed-in user (if any), the CSRF token and the language."""
    user = getattr(request.state, "console_user", None)
    lang = getattr(request.state, "console_lang", "vi")

    def tr(vi: str, en: str) -> str:
        return pick(lang, vi, en)

    html = _env.get_template(template).render(
        request=request, user=user, lang=lang, tr=tr,
        csrf=user.csrf_token if user is not None else context.pop("login_csrf", ""),
        path=request.url.path, **context,
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
