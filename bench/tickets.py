"""Ticket codec benchmark: code sizes and QR versions for every product kind of the Hanoi feed,
and signing / verifying speed as ratios to raw Ed25519 (and ECDSA P-256) measured in this run.

Run: .venv/bin/python bench/tickets.py [--seconds S]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qrcode  # noqa: E402
import qrcode.constants  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from ticketing.fares.loader import load_feed  # noqa: E402
from ticketing.fares.offers import ProductOffer, list_offers  # noqa: E402
from ticketing.tickets import IssuerKey, IssuerKeySet, TicketClaims, sign_ticket, verify_presentation  # noqa: E402
from ticketing.tickets.ids import new_kid, ticket_id_for  # noqa: E402
from ticketing.tickets.phone import PhoneKey  # noqa: E402
from ticketing.tickets.validity import ticket_window  # noqa: E402

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def qr_version(code: str) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)
    return int(qr.version)


def kind_of(offer: ProductOffer) -> str:
    return "single" if offer.validity is None else f"pass: {offer.validity.validity_type}"


def all_offers() -> list[ProductOffer]:
    feed = load_feed(ROOT / "data" / "gtfs" / "hanoi")
    seen: dict[tuple[str, str, str | None], ProductOffer] = {}
    for category in feed.rider_categories:
        for media in [None, *feed.fare_media]:
            for offer in list_offers(feed, category, media):
                seen.setdefault((offer.fare_product_id, category, offer.fare_media_id), offer)
    return list(seen.values())


def claims_for(offer: ProductOffer, category: str, index: int, thumbprint: str | None) -> TicketClaims:
    window = ticket_window(offer.validity, NOW, ZONE)
    return TicketClaims(
        ticket_id=ticket_id_for("bench", index),
        fare_product_id=offer.fare_product_id,
        rider_category_id=category,
        fare_media_id=offer.fare_media_id,
        valid_from=window.valid_from,
        valid_until=window.valid_until,
        rides_allowed=window.rides_allowed,
        activation_days=window.activation_days,
        device_key_thumbprint=thumbprint,
    )


def rate(fn: Callable[[], object], seconds: float) -> float:
    """Calls per second, best of 3 slices of ``seconds``."""
    best = 0.0
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for _ in range(50):
                fn()
            count += 50
        best = max(best, count / elapsed)
    return best


def sizes(private: Ed25519PrivateKey, kid: str, phone: PhoneKey) -> None:
    rows: dict[str, list[tuple[int, int, str]]] = {}
    device_rows: dict[str, list[tuple[int, int, str]]] = {}
    for index, offer in enumerate(all_offers()):
        category = offer.rider_category_id
        static = sign_ticket(claims_for(offer, category, index, None), private, kid)
        bound = phone.present(
            sign_ticket(claims_for(offer, category, index, phone.thumbprint), private, kid), NOW
        )
        label = f"{offer.fare_product_id}/{category}/{offer.fare_media_id or '-'}"
        rows.setdefault(kind_of(offer), []).append((len(static), qr_version(static), label))
        device_rows.setdefault(kind_of(offer), []).append((len(bound), qr_version(bound), label))
    print(
        "sizes over every (product, category, medium) the Hanoi feed sells "
        f"({sum(map(len, rows.values()))} offers)"
    )
    print(
        f"{'kind':<26} {'offers':>6} {'static bytes':>13} {'QR v':>5} "
        f"{'device-bound':>13} {'QR v':>5}  largest"
    )
    for kind in sorted(rows):
        s, d = max(rows[kind]), max(device_rows[kind])
        smallest = min(rows[kind])[0]
        print(
            f"{kind:<26} {len(rows[kind]):>6} {smallest:>5}–{s[0]:<7} {s[1]:>5} {d[0]:>13} {d[1]:>5}  {s[2]}"
        )
    worst_static = max(r[1] for rs in rows.values() for r in rs)
    worst_device = max(r[1] for rs in device_rows.values() for r in rs)
    print(
        f"largest QR version at ECC M: static {worst_static} (budget 11), "
        f"device-bound {worst_device} (budget 14)"
    )


def speeds(private: Ed25519PrivateKey, kid: str, phone: PhoneKey, seconds: float) -> None:
    public = private.public_key()
    keys = IssuerKeySet([IssuerKey(kid, public, NOW - timedelta(days=1), NOW + timedelta(days=400))])
    claims = TicketClaims(
        ticket_id=ticket_id_for("bench", 0),
        fare_product_id="m2a_single_h03",
        rider_category_id="pho_thong",
        fare_media_id="hanoi_metro_app",
        valid_from=NOW,
        valid_until=NOW + timedelta(hours=24),
        rides_allowed=1,
    )
    code = sign_ticket(claims, private, kid)
    signing_input = code.rsplit(".", 1)[0].encode()
    raw_signature = private.sign(signing_input)
    bound_claims = TicketClaims(
        **{
            **{f: getattr(claims, f) for f in claims.__slots__},  # type: ignore[attr-defined]
            "device_key_thumbprint": phone.thumbprint,
        }
    )
    presented = phone.present(sign_ticket(bound_claims, private, kid), NOW)
    p256 = ec.generate_private_key(ec.SECP256R1())
    p256_sig = p256.sign(signing_input, ec.ECDSA(hashes.SHA256()))

    raw_sign = rate(lambda: private.sign(signing_input), seconds)
    raw_verify = rate(lambda: public.verify(raw_signature, signing_input), seconds)
    raw_p256_verify = rate(
        lambda: p256.public_key().verify(p256_sig, signing_input, ec.ECDSA(hashes.SHA256())), seconds
    )
    ticket_sign = rate(lambda: sign_ticket(claims, private, kid), seconds)
    ticket_verify = rate(lambda: verify_presentation(code, keys, NOW), seconds)
    bound_verify = rate(lambda: verify_presentation(presented, keys, NOW), seconds)
    assert verify_presentation(presented, keys, NOW).accepted
    print()
    print(f"{'operation':<44} {'per second':>11} {'ratio':>7}  baseline")
    print(f"{'raw Ed25519 sign (cryptography)':<44} {raw_sign:>11,.0f} {1:>7.2f}")
    print(f"{'raw Ed25519 verify (cryptography)':<44} {raw_verify:>11,.0f} {1:>7.2f}")
    print(f"{'raw ECDSA P-256 verify (cryptography)':<44} {raw_p256_verify:>11,.0f} {1:>7.2f}")
    print(
        f"{'ticket sign (claims → deflate → JWS)':<44} {ticket_sign:>11,.0f} {ticket_sign / raw_sign:>7.2f}"
        "  ÷ raw Ed25519 sign"
    )
    print(
        f"{'ticket verify (static, full checks)':<44} {ticket_verify:>11,.0f} "
        f"{ticket_verify / raw_verify:>7.2f}"
        "  ÷ raw Ed25519 verify"
    )
    print(
        f"{'device-bound verify (ticket + proof)':<44} {bound_verify:>11,.0f} "
        f"{bound_verify / raw_verify:>7.2f}  ÷ raw Ed25519 verify "
        f"({bound_verify / raw_p256_verify:.2f} ÷ raw P-256 verify)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=0.5, help="length of each timing slice")
    args = parser.parse_args()
    private, kid, phone = Ed25519PrivateKey.generate(), new_kid(), PhoneKey.generate()
    sizes(private, kid, phone)
    speeds(private, kid, phone, args.seconds)


if __name__ == "__main__":
    main()
