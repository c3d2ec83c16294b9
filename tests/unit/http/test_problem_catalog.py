"""Every problem code raised anywhere has a catalogue row: a title and a detail, Vietnamese first.

Codes are collected from the source: the first argument of every error that carries a code. A
raise whose code is not a literal must be one of the known forwarding places below (they pass on a
code that was itself raised as a literal somewhere), so a new code cannot slip past the check.
"""

from __future__ import annotations

import re
from pathlib import Path

from ticketing.http.problem_catalog import CODE_TITLES, KIND_TITLES
from ticketing.http.problem_details import CODE_DETAILS
from ticketing.http.problems import _STATUS_CODES
from ticketing.service.taps.exceptions import EXCEPTION_KINDS

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("ticketing", "mobile_api", "gateway", "vexe", "validators")
# Errors that carry a stable code as their first argument.
CODED = (
    "DomainError|InvalidInput|Rejected|NotFound|Conflict|Unauthenticated|Forbidden|RateLimited"
    "|PaymentFailed|Unavailable|PostingRejected|TransferError|WebhookRejected|TicketCodeError|ProviderError"
)
LITERAL = re.compile(rf"\b(?:{CODED})\(\s*\"([a-z][a-z0-9_]*)\"")
NOT_LITERAL = re.compile(rf"\b(?:{CODED})\(\s*(?!\")([^\s,)][^,)]*)")
RESPONSE = re.compile(r"problem_response\([^)]*?\bcode=\"([a-z][a-z0-9_]*)\"", re.S)
# file -> the expressions that forward an already-raised code
FORWARDED = {
    "ticketing/service/ledger/store.py": {"exc.code"},
    "ticketing/service/payments/webhooks.py": {"exc.code"},
    "ticketing/service/fare_catalog.py": {"exc.code"},  # FeedTooLarge's codes, each in the catalogue
    "mobile_api/routers/auth.py": {"code"},  # a key of _REFRESH_DETAIL, each in the catalogue
}
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def _sources() -> list[tuple[str, str]]:
    return [
        (path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    ]


def _without_class_lines(text: str) -> str:
    """Drop `class Rejected(DomainError):` lines: a base class is not a raise."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("class "))


def raised_codes() -> set[str]:
    codes = {code for code, _ in _STATUS_CODES.values()} | {"http_error", "internal_error"}
    for _, text in _sources():
        codes |= set(LITERAL.findall(text)) | set(RESPONSE.findall(text))
    return codes


def test_the_collection_sees_codes_from_every_layer() -> None:
    codes = raised_codes()
    layers = {"journey_invalid", "exceeds_floor", "bad_signature", "proof_stale", "provider_unavailable"}
    assert layers <= codes
    assert len(codes) > 150


def test_no_code_is_raised_from_a_place_the_collection_cannot_read() -> None:
    unknown = [
        f"{name}: {expression.strip()}"
        for name, text in _sources()
        for expression in NOT_LITERAL.findall(_without_class_lines(text))
        if expression.strip() not in FORWARDED.get(name, set())
    ]
    hint = "raise these with a literal code (or list the forwarding here):\n"
    assert not unknown, hint + "\n".join(unknown)


def test_every_raised_code_has_a_title_and_a_detail_in_both_languages() -> None:
    missing = sorted(c for c in raised_codes() if c not in CODE_TITLES or c not in CODE_DETAILS)
    assert not missing, f"add these to problem_catalog.py and problem_details.py: {missing}"


def test_every_pair_is_vietnamese_then_english() -> None:
    tables = {
        "CODE_TITLES": CODE_TITLES, "CODE_DETAILS": CODE_DETAILS, "KIND_TITLES": KIND_TITLES,
        "EXCEPTION_KINDS": EXCEPTION_KINDS,
    }
    for table, rows in tables.items():
        for code, (vi, en) in rows.items():
            assert vi, f"{table}[{code!r}] has no Vietnamese text"
            assert en, f"{table}[{code!r}] has no English text"
            assert VIETNAMESE.search(vi), f"{table}[{code!r}] does not start with the Vietnamese text"
            assert not VIETNAMESE.search(en), f"{table}[{code!r}]: the second text is not English"


def test_no_catalogue_row_is_orphaned() -> None:
    assert set(CODE_DETAILS) == set(CODE_TITLES)
