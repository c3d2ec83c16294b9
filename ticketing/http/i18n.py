"""Language negotiation: Vietnamese first, English on request."""

from __future__ import annotations

import math

SUPPORTED = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def _quality(params: list[str]) -> float:
    """The ``q`` parameter of one Accept-Language entry (RFC 9110 §12.4.2); 1 when absent."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() != "q":
            continue
        try:
            quality = float(value.strip())
        except ValueError:
            return 0.0
        if math.isnan(quality) or not 0.0 <= quality <= 1.0:
            return 0.0
        return quality
    return 1.0


def negotiate_language(accept_language: str | None) -> str:
    """Pick ``vi`` or ``en`` from an Accept-Language header (q-values honoured).

    The highest q wins and ties go to the entry listed first; ``*`` covers the supported
    languages the header does not name (Vietnamese first); ``q=0`` refuses a language; an
    empty, unsupported or malformed header falls back to Vietnamese.
    """
    if not accept_language:
        return DEFAULT_LANGUAGE
    named: dict[str, tuple[float, int]] = {}
    wildcard: tuple[float, int] | None = None
    for position, part in enumerate(accept_language.split(",")):
        tag, *params = part.strip().split(";")
        primary = tag.strip().lower().split("-")[0]
        quality = _quality(params)
        if primary == "*":
            if wildcard is None:
                wildcard = (quality, position)
        elif primary in SUPPORTED:
            # "en-US;q=0.9, en;q=0.2": the best entry for a language counts.
            previous = named.get(primary)
            if previous is None or quality > previous[0]:
                named[primary] = (quality, position)
    best: tuple[float, int, int, str] | None = None
    for rank, language in enumerate((DEFAULT_LANGUAGE, *(s for s in SUPPORTED if s != DEFAULT_LANGUAGE))):
        entry = named.get(language, wildcard)
        if entry is None or entry[0] <= 0:
            continue
        candidate = (entry[0], -entry[1], -rank, language)
        if best is None or candidate > best:
            best = candidate
    return best[3] if best else DEFAULT_LANGUAGE
