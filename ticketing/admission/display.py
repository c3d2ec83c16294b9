"""What the rider's display shows at the tap, in Vietnamese and English (pure; reader and server).

- pay-as-you-go (account tickets): at tap-on the **estimated** fare — to the route end, which is
  also what a missing tap-off costs; at tap-off the **final** fare between the two stations
  (from the snapshot's ``payg`` table, ticketing.fares.estimates); 0 shows as free;
- CCCD free riders (and any fare of 0): "Miễn phí" / "Free";
- passes: "covered by pass until …" (local time of the network);
- a day cap already reached (when the caller knows it): "day cap reached", 0 charged;
- refusals: the reason in words; ``fare_minor`` is null whenever no fare applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ticketing.admission import reasons as r
from ticketing.admission.cccd import CCCD_PRODUCT_ID
from ticketing.admission.model import Decision, Direction, FareTables
from ticketing.core.money import format_amount

# The account ticket's product id (ticketing.service.riders.account_ticket.ACCOUNT_PRODUCT_ID).
PAYG_PRODUCT_ID = "PAYG"
ROUTE_END = "*"

_REFUSALS: dict[str, tuple[str, str]] = {
    r.MALFORMED: ("mã không đọc được", "code cannot be read"),
    r.UNSUPPORTED_VERSION: ("phiên bản vé không hỗ trợ", "unsupported ticket version"),
    r.UNKNOWN_KEY: ("vé không do hệ thống phát hành", "ticket not issued by this system"),
    r.BAD_SIGNATURE: ("vé không hợp lệ", "invalid ticket"),
    r.NOT_YET_VALID: ("vé chưa đến thời gian hiệu lực", "ticket not valid yet"),
    r.EXPIRED: ("vé đã hết hạn", "ticket expired"),
    r.REVOKED: ("vé đã bị khóa", "ticket blocked"),
    r.NOT_VALID_HERE: ("vé không dùng được tại đây", "ticket not valid here"),
    r.PASSBACK: ("vé vừa được dùng tại đây", "ticket just used here"),
    r.ALREADY_USED: ("vé đã được sử dụng", "ticket already used"),
    r.PROOF_REQUIRED: ("cần mã QR động trên ứng dụng", "live QR from the app required"),
    r.PROOF_INVALID: ("mã QR động không hợp lệ", "live QR invalid"),
    r.PROOF_STALE: ("mã QR động đã cũ, mở lại ứng dụng", "live QR too old, reopen the app"),
    r.SNAPSHOT_STALE: ("máy soát vé cần đồng bộ", "reader needs to sync"),
    r.TAP_OUT_WITHOUT_TAP_IN: ("chưa chạm thẻ khi lên", "no tap-on found"),
    r.NOT_ELIGIBLE: ("thẻ CCCD chưa đăng ký miễn phí", "ID card not registered for free rides"),
}


@dataclass(frozen=True, slots=True)
class TapDisplay:
    fare_minor: int | None
    vi: str
    en: str

    def as_json(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


def _money(amount: int) -> str:
    return format_amount(amount, "VND")


def _rows(fares: FareTables, route_id: str | None, station: str | None) -> list[dict[str, int]]:
    routes = [route_id] if route_id is not None else sorted(fares.payg)
    found: list[dict[str, int]] = []
    for route in routes:
        by_station = fares.payg.get(route, {})
        if station is not None:
            if station in by_station:
                found.append(dict(by_station[station]))
        else:
            found.extend(dict(row) for row in by_station.values())
    return found


def payg_fare(
    fares: FareTables,
    direction: Direction,
    route_id: str | None,
    board_station: str | None,
    alight_station: str | None,
) -> int | None:
    """Tap-on: the fare to the route end (the dearest if the stop or route is unknown);
    tap-off: the fare from the boarding station to this one."""
    if direction == "in":
        ends = [row[ROUTE_END] for row in _rows(fares, route_id, board_station) if ROUTE_END in row]
        return max(ends) if ends else None
    if board_station is None or alight_station is None:
        return None
    finals = [row[alight_station] for row in _rows(fares, route_id, board_station) if alight_station in row]
    return min(finals) if finals else None


def tap_display(
    decision: Decision,
    direction: Direction,
    fares: FareTables,
    *,
    route_id: str | None = None,
    board_station: str | None = None,
    alight_station: str | None = None,
    day_cap_reached: bool = False,
) -> TapDisplay:
    if not decision.accepted:
        vi, en = _REFUSALS.get(decision.reason, (decision.reason, decision.reason))
        return TapDisplay(None, f"Từ chối: {vi}", f"Refused: {en}")
    if decision.fare_product_id == CCCD_PRODUCT_ID:
        return TapDisplay(0, "Miễn phí", "Free")
    if decision.fare_product_id == PAYG_PRODUCT_ID:
        if day_cap_reached:
            return TapDisplay(0, "Đã đạt mức trần ngày — không tính thêm", "Day cap reached — no charge")
        fare = payg_fare(fares, direction, route_id, board_station, alight_station)
        if fare is None:
            return TapDisplay(None, "Trả theo lượt đi", "Pay as you go")
        if fare == 0:
            return TapDisplay(0, "Miễn phí", "Free")
        if direction == "in":
            return TapDisplay(
                fare,
                f"Giá ước tính {_money(fare)} (tính đến cuối tuyến nếu không chạm thẻ khi xuống)",
                f"Estimated fare {_money(fare)} (to the end of the route if you do not tap off)",
            )
        return TapDisplay(fare, f"Giá vé {_money(fare)}", f"Fare {_money(fare)}")
    if decision.ticket_kind == "pass" and decision.valid_until is not None:
        until = _local(decision.valid_until, fares.timezone)
        return TapDisplay(None, f"Vé còn hiệu lực đến {until}", f"Covered by pass until {until}")
    return TapDisplay(None, "Vé hợp lệ", "Ticket valid")


def _local(when: datetime, timezone: str) -> str:
    return when.astimezone(ZoneInfo(timezone)).strftime("%H:%M %d/%m/%Y")
