"""Ticket codec benchmark: code sizes and QR versions for every product kind of the Hanoi feed,
and signing / verifying speed as ratios to raw Ed25519 (and ECDSA P-256) measured in this run.

Run: .venv/bin/python bench/tickets.py [--seconds S]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
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
    """Calls per second over one slice of ``seconds``."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(25):
            fn()
        count += 25
    return count / elapsed


def interleaved(ops: dict[str, Callable[[], object]], seconds: float, rounds: int) -> dict[str, list[float]]:
    """Each op timed once per round, rounds interleaved, so every ratio compares neighbours in time
    on a machine whose load moves."""
    rates: dict[str, list[float]] = {name: [] for name in ops}
    for _ in range(rounds):
        for name, fn in ops.items():
            rates[name].append(rate(fn, seconds))
    return rates


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


def speeds(private: Ed25519PrivateKey, kid: str, phone: PhoneKey, seconds: float, rounds: int) -> None:
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
    bound_claims = dataclasses.replace(claims, device_key_thumbprint=phone.thumbprint)
    presented = phone.present(sign_ticket(bound_claims, private, kid), NOW)
    p256 = ec.generate_private_key(ec.SECP256R1())
    p256_sig = p256.sign(signing_input, ec.ECDSA(hashes.SHA256()))

    assert verify_presentation(presented, keys, NOW).accepted
    rates = interleaved(
        {
            "raw_sign": lambda: private.sign(signing_input),
            "raw_verify": lambda: public.verify(raw_signature, signing_input),
            "raw_p256_verify": lambda: p256.public_key().verify(
                p256_sig, signing_input, ec.ECDSA(hashes.SHA256())
            ),
            "ticket_sign": lambda: sign_ticket(claims, private, kid),
            "ticket_verify": lambda: verify_presentation(code, keys, NOW),
            "bound_verify": lambda: verify_presentation(presented, keys, NOW),
        },
        seconds,
        rounds,
    )

    def ratio(name: str, baseline: str) -> float:
        return statistics.median(a / b for a, b in zip(rates[name], rates[baseline], strict=True))

    rows = [
        ("raw Ed25519 sign (cryptography)", "raw_sign", None),
        ("raw Ed25519 verify (cryptography)", "raw_verify", None),
        ("raw ECDSA P-256 verify (cryptography)", "raw_p256_verify", None),
        ("ticket sign (claims → deflate → JWS)", "ticket_sign", "raw_sign"),
        ("ticket verify (static, every check)", "ticket_verify", "raw_verify"),
        ("device-bound verify (ticket + proof)", "bound_verify", "raw_verify"),
        ("device-bound verify (ticket + proof)", "bound_verify", "raw_p256_verify"),
    ]
    print()
    print(f"median of {rounds} interleaved rounds of {seconds} s each")
    print(f"{'operation':<40} {'per second':>11} {'ratio':>7}  baseline")
    for label, name, baseline in rows:
        value = statistics.median(rates[name])
        shown = f"{ratio(name, baseline):>7.2f}  ÷ {baseline}" if baseline else f"{1:>7.2f}"
        print(f"{label:<40} {value:>11,.0f} {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=0.3, help="length of each timing slice")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (median reported)")
    args = parser.parse_args()
    private, kid, phone = Ed25519PrivateKey.generate(), new_kid(), PhoneKey.generate()
    sizes(private, kid, phone)
    speeds(private, kid, phone, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
