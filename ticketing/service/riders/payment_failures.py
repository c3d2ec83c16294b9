"""Rider-facing words for a failed or expired purchase (Vietnamese and English).

The order keeps the provider's failure code; the app shows ``message_vi``/``message_en``. Codes
we do not know get the generic text, so a new provider code never breaks the app.
"""

from __future__ import annotations

from typing import Any

EXPIRED = "payment_expired"

_MESSAGES: dict[str, tuple[str, str]] = {
    "card_declined": (
        "Thẻ bị từ chối. Vui lòng thử thẻ khác hoặc liên hệ ngân hàng của bạn.",
        "Your card was declined. Try another card or contact your bank.",
    ),
    "insufficient_funds": (
        "Thẻ không đủ số dư. Vui lòng thử thẻ khác.",
        "Your card has insufficient funds. Try another card.",
    ),
    "expired_card": ("Thẻ đã hết hạn.", "Your card has expired."),
    "incorrect_cvc": ("Mã CVC không đúng.", "The card's security code is incorrect."),
    "authentication_required": (
        "Ngân hàng yêu cầu xác thực; thanh toán chưa hoàn tất.",
        "Your bank asked for authentication; the payment was not completed.",
    ),
    EXPIRED: (
        "Đơn hàng đã hết hạn vì chưa được thanh toán. Vui lòng đặt lại.",
        "The order expired because it was not paid. Please order again.",
    ),
}
_GENERIC = (
    "Thanh toán không thành công. Không có khoản tiền nào bị trừ; vui lòng thử lại.",
    "The payment did not go through. You were not charged; please try again.",
)


def failure_json(status: str, code: str | None) -> dict[str, Any] | None:
    """The ``failure`` object of an order or top-up; None unless it failed or expired."""
    if status not in ("failed", "expired"):
        return None
    key = EXPIRED if status == "expired" else (code or "payment_failed")
    vi, en = _MESSAGES.get(key, _GENERIC)
    return {"code": key, "message_vi": vi, "message_en": en}
