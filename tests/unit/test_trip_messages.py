"""Trip messages riders read: product names, and times as 12/12/2026 19:19 in the network's zone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ticketing.db.models.tickets import Ticket
from ticketing.fares.loader import load_feed
from ticketing.service.riders.trips import _explain

HANOI = Path(__file__).resolve().parents[2] / "data" / "gtfs" / "hanoi"


def test_a_pass_trip_says_until_when_in_local_time_and_names_the_pass() -> None:
    ticket = Ticket(
        ticket_id="ABCDEFGHJKMN", fare_product_id="m2a_day", rider_category_id="pho_thong",
        fare_media_id="hanoi_metro_app", amount_minor=40000, currency="VND",
        valid_until=datetime.fromisoformat("2026-12-12T12:19:00+00:00"),
    )
    charged, en, vi = _explain(ticket, True, True, True, load_feed(HANOI))
    assert charged == 0
    assert en == ["Covered by your pass Metro 2A day pass (ABCDEFGHJKMN), valid until 12/12/2026 19:19."]
    assert vi == [
        "Đã bao gồm trong Vé ngày đường sắt đô thị tuyến 2A (ABCDEFGHJKMN), hiệu lực đến 12/12/2026 19:19."
    ]
    for line in (*en, *vi):
        assert "+00:00" not in line
        assert "m2a_day" not in line
