"""One table from error kind and code to HTTP status and bilingual titles (RFC 9457 ``title``).

Areas add their codes here; a code without a row gets its kind's generic title.
"""

from __future__ import annotations

KIND_STATUS: dict[str, int] = {
    "invalid": 422,
    "rejected": 400,
    "not_found": 404,
    "conflict": 409,
    "unauthenticated": 401,
    "forbidden": 403,
    "rate_limited": 429,
    "payment_failed": 402,
    "unavailable": 503,
}

# kind -> (English, Vietnamese)
KIND_TITLES: dict[str, tuple[str, str]] = {
    "invalid": ("The request is malformed", "Yêu cầu không hợp lệ"),
    "rejected": ("The request was refused", "Yêu cầu bị từ chối"),
    "not_found": ("Not found", "Không tìm thấy"),
    "conflict": ("Conflict with the current state", "Xung đột với trạng thái hiện tại"),
    "unauthenticated": ("Authentication required", "Cần đăng nhập"),
    "forbidden": ("Not allowed", "Không có quyền"),
    "rate_limited": ("Too many requests", "Quá nhiều yêu cầu"),
    "payment_failed": ("Payment failed", "Thanh toán không thành công"),
    "unavailable": ("Service unavailable", "Dịch vụ tạm thời không khả dụng"),
    "internal": ("Internal error", "Lỗi hệ thống"),
}

# code -> (English, Vietnamese). Codes are stable once released.
CODE_TITLES: dict[str, tuple[str, str]] = {
    "validation_failed": ("The request body or parameters are invalid", "Dữ liệu gửi lên không hợp lệ"),
    "not_found": ("Not found", "Không tìm thấy"),
    "method_not_allowed": ("Method not allowed", "Phương thức không được hỗ trợ"),
    "unauthenticated": ("Authentication required", "Cần đăng nhập"),
    "token_invalid": ("The access token is invalid", "Mã truy cập không hợp lệ"),
    "token_expired": ("The access token has expired", "Mã truy cập đã hết hạn"),
    "bad_credentials": ("Wrong username or password", "Sai tên đăng nhập hoặc mật khẩu"),
    "forbidden": ("Not allowed", "Không có quyền"),
    "role_forbidden": ("Your role does not allow this", "Vai trò của bạn không được phép"),
    "operator_scope": ("Outside your operator's data", "Ngoài phạm vi đơn vị vận hành của bạn"),
    "rate_limited": ("Too many requests, try again later", "Quá nhiều yêu cầu, vui lòng thử lại sau"),
    "internal_error": ("Internal error", "Lỗi hệ thống"),
    "idempotency_key_reused": (
        "This Idempotency-Key was used with a different request",
        "Khóa Idempotency-Key đã được dùng cho một yêu cầu khác",
    ),
    "idempotency_key_required": (
        "The Idempotency-Key header is required",
        "Cần có tiêu đề Idempotency-Key",
    ),
    "staff_exists": ("A staff account with this username exists", "Tài khoản nhân viên đã tồn tại"),
}


def status_for(kind: str) -> int:
    return KIND_STATUS.get(kind, 400)


def title_for(code: str, kind: str, language: str) -> str:
    en, vi = CODE_TITLES.get(code) or KIND_TITLES.get(kind) or KIND_TITLES["rejected"]
    return vi if language == "vi" else en
