"""Console text: Vietnamese first, English on the toggle; amounts and local times as shown."""

from __future__ import annotations

from datetime import date, datetime

from ticketing.core.clock import HANOI_TZ

LANGUAGES = ("vi", "en")
CURRENCY_SIGNS = {"VND": "₫"}


def pick(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def money(amount_minor: int | None, currency: str = "VND") -> str:
    """``18625`` → ``18.625 ₫`` (VND has no minor digits; dots group thousands)."""
    if amount_minor is None:
        return "–"
    sign = "-" if amount_minor < 0 else ""
    grouped = f"{abs(int(amount_minor)):,}".replace(",", ".")
    return f"{sign}{grouped} {CURRENCY_SIGNS.get(currency, currency)}"


def local_time(value: datetime | None, *, seconds: bool = False) -> str:
    """An aware time shown in Asia/Ho_Chi_Minh."""
    if value is None:
        return "–"
    return value.astimezone(HANOI_TZ).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def local_date(value: date | None) -> str:
    return value.isoformat() if value else "–"
