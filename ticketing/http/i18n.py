"""Language negotiation: Vietnamese first, English on request."""

from __future__ import annotations

SUPPORTED = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def negotiate_language(accept_language: str | None) -> str:
    """Pick ``vi`` or ``en`` from an Accept-Language header (q-values honoured)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept_language.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary == "*":
            primary = DEFAULT_LANGUAGE
        if primary in SUPPORTED and quality > 0:
            candidate = (quality, -position, primary)
            if best is None or candidate > best:
                best = candidate
    return best[2] if best else DEFAULT_LANGUAGE
