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
    # rider API (mobile_api)
    "rider_exists": (
        "An account with this e-mail or phone number exists",
        "Đã có tài khoản với email hoặc số điện thoại này",
    ),
    "email_invalid": ("Not a valid e-mail address", "Địa chỉ email không hợp lệ"),
    "phone_invalid": ("Not a Vietnamese mobile number", "Số điện thoại di động Việt Nam không hợp lệ"),
    "login_required": ("Give an e-mail or a phone number", "Cần nhập email hoặc số điện thoại"),
    "password_too_short": ("The password is too short", "Mật khẩu quá ngắn"),
    "password_too_long": ("The password is too long", "Mật khẩu quá dài"),
    "refresh_token_invalid": ("The refresh token is invalid", "Mã làm mới không hợp lệ"),
    "refresh_token_expired": ("The refresh token has expired", "Mã làm mới đã hết hạn"),
    "refresh_token_reused": (
        "The refresh token was already used; all its sessions are signed out",
        "Mã làm mới đã được dùng; mọi phiên liên quan đã bị đăng xuất",
    ),
    "rider_not_found": ("Rider account not found", "Không tìm thấy tài khoản hành khách"),
    "fare_feed_unavailable": ("No fare table is in force", "Chưa có bảng giá vé đang áp dụng"),
    "journey_invalid": ("The journey is malformed", "Hành trình không hợp lệ"),
    "product_unavailable": (
        "This product cannot be bought for this category and medium",
        "Không thể mua sản phẩm này cho đối tượng và phương tiện đã chọn",
    ),
    "concession_required": (
        "This rider category needs an approved concession",
        "Đối tượng ưu tiên này cần được duyệt trước khi mua",
    ),
    "concession_pending": (
        "A request for this category is pending",
        "Yêu cầu cho đối tượng này đang chờ duyệt",
    ),
    "concession_not_needed": (
        "This category needs no concession",
        "Đối tượng này không cần xét duyệt",
    ),
    "concession_decided": ("The request was already decided", "Yêu cầu đã được xử lý"),
    "concession_not_found": ("Concession request not found", "Không tìm thấy yêu cầu ưu tiên"),
    "rider_category_unknown": ("Unknown rider category", "Đối tượng hành khách không tồn tại"),
    "order_not_found": ("Order not found", "Không tìm thấy đơn hàng"),
    "order_mixed_currency": ("An order must be in one currency", "Đơn hàng phải cùng một loại tiền"),
    "order_not_pending": (
        "The order is not waiting for payment",
        "Đơn hàng không ở trạng thái chờ thanh toán",
    ),
    "sandbox_only": (
        "Only the sandbox payment provider confirms payments this way",
        "Chỉ môi trường thanh toán thử nghiệm cho phép xác nhận theo cách này",
    ),
    "payments_unavailable": ("Payments are not configured", "Chưa cấu hình thanh toán"),
    "ticket_not_found": ("Ticket not found", "Không tìm thấy vé"),
    "trip_not_found": ("Trip not found", "Không tìm thấy chuyến đi"),
    "tickets_unavailable": ("Ticket issuing is not configured", "Chưa cấu hình phát hành vé"),
    "not_refundable": ("This ticket cannot be refunded", "Vé này không được hoàn tiền"),
    "already_refunded": ("This ticket was already refunded", "Vé này đã được hoàn tiền"),
    "topup_not_found": ("Top-up not found", "Không tìm thấy giao dịch nạp tiền"),
    "amount_invalid": ("The amount is not allowed", "Số tiền không hợp lệ"),
    "cursor_invalid": ("The page cursor is invalid", "Con trỏ phân trang không hợp lệ"),
    # tickets and issuer keys
    "ticket_id_invalid": (
        "A ticket id is 12 Crockford base32 characters",
        "Mã vé gồm 12 ký tự Crockford base32",
    ),
    "ticket_id_reused": (
        "This ticket id was issued for another request",
        "Mã vé này đã được dùng cho một yêu cầu khác",
    ),
    "ticket_not_refundable": ("This ticket can no longer be refunded", "Vé này không còn được hoàn tiền"),
    "ticket_not_activatable": ("This ticket cannot be activated", "Vé này không thể kích hoạt"),
    "reason_required": ("Say why", "Cần nêu lý do"),
    "valid_from_in_past": ("A ticket cannot start in the past", "Vé không thể bắt đầu trong quá khứ"),
    "valid_from_too_far": (
        "A ticket can start at most 62 days ahead",
        "Vé chỉ được bắt đầu tối đa 62 ngày tới",
    ),
    "no_signing_key": ("No issuer key can sign this ticket", "Không có khóa phát hành nào ký được vé này"),
    "issuer_key_unreadable": ("The issuer key cannot be read", "Không đọc được khóa phát hành"),
    "issuer_key_unknown": ("Unknown issuer key", "Khóa phát hành không tồn tại"),
    "kid_exists": ("An issuer key with this kid exists", "Đã có khóa phát hành với kid này"),
    "kid_invalid": ("The key id is invalid", "Mã khóa (kid) không hợp lệ"),
    "key_window_invalid": ("The key validity window is invalid", "Thời hạn hiệu lực của khóa không hợp lệ"),
    "device_key_invalid": (
        "The phone key is not a P-256 public JWK",
        "Khóa điện thoại không phải JWK công khai P-256",
    ),
    "device_key_id_reused": (
        "This device key id holds another key",
        "Mã khóa thiết bị này đang gắn với khóa khác",
    ),
    "device_key_exists": ("This phone key is already registered", "Khóa điện thoại này đã được đăng ký"),
    "device_key_unknown": ("Unknown phone key", "Khóa điện thoại không tồn tại"),
    "device_key_revoked": ("The phone key is revoked", "Khóa điện thoại đã bị thu hồi"),
    "device_key_not_holders": (
        "The phone key belongs to another rider",
        "Khóa điện thoại thuộc hành khách khác",
    ),
    "qr_format_unknown": ("QR images are PNG or SVG", "Ảnh QR chỉ có dạng PNG hoặc SVG"),
    "qr_dynamic": (
        "Device-bound codes are shown by the phone",
        "Mã gắn với điện thoại do điện thoại hiển thị",
    ),
    # devices and taps (validators, sync protocol)
    "enrolment_token_invalid": (
        "Unknown, used or expired enrolment token",
        "Mã đăng ký thiết bị không đúng, đã dùng hoặc đã hết hạn",
    ),
    "device_token_missing": ("A device request token is required", "Cần mã yêu cầu của thiết bị"),
    "device_token_invalid": ("The device request token is invalid", "Mã yêu cầu của thiết bị không hợp lệ"),
    "device_token_expired": (
        "The device request token is expired or from the future",
        "Mã yêu cầu của thiết bị đã hết hạn hoặc sai giờ",
    ),
    "device_unknown": ("Unknown or disabled device", "Thiết bị không xác định hoặc đã bị khóa"),
    "device_mismatch": (
        "A device may only use its own endpoints", "Thiết bị chỉ được dùng dữ liệu của chính mình"
    ),
    "request_replayed": ("This device request was already used", "Yêu cầu này của thiết bị đã được dùng"),
    "tap_batch_invalid": (
        "The tap batch is malformed and was refused whole",
        "Lô dữ liệu chạm vé sai định dạng, bị từ chối toàn bộ",
    ),
    "tap_batch_too_large": ("The tap batch is too large", "Lô dữ liệu chạm vé quá lớn"),
    "tap_conflict": (
        "A different tap with this id is already held", "Đã có một lượt chạm khác với cùng mã"
    ),
    "sequence_conflict": (
        "Another tap holds this sequence number", "Số thứ tự này đã thuộc về một lượt chạm khác"
    ),
    "device_exists": ("This device is already registered", "Thiết bị này đã được đăng ký"),
    "device_not_found": ("No such device", "Không tìm thấy thiết bị"),
    "device_location": (
        "A device is at a stop or on a vehicle, not both",
        "Thiết bị đặt tại một điểm dừng hoặc trên một xe",
    ),
    "device_policy": ("Device policy out of range", "Thông số thiết bị ngoài giới hạn cho phép"),
    "invalid_identifier": ("Invalid identifier", "Mã định danh không hợp lệ"),
    "public_key_invalid": ("The device public key is invalid", "Khóa công khai của thiết bị không hợp lệ"),
    "device_sync_unavailable": (
        "Device sync is not available", "Đồng bộ thiết bị tạm thời không khả dụng"
    ),
    "unsupported_content_encoding": (
        "Unsupported Content-Encoding", "Kiểu nén dữ liệu không được hỗ trợ"
    ),
    # fares (GTFS Fares v2 engine and fare catalogue versions)
    "fare_product_unknown": ("Unknown fare product", "Sản phẩm vé không tồn tại"),
    "product_not_offered": (
        "This product is not sold for this rider category and fare media",
        "Sản phẩm vé này không bán cho đối tượng và phương tiện thanh toán đã chọn",
    ),
    "no_fares_in_force": (
        "No fare catalogue is in force at that time", "Chưa có bảng giá vé áp dụng tại thời điểm đó"
    ),
    "fare_media_unknown": ("Unknown fare media", "Phương tiện thanh toán không tồn tại"),
    "mixed_currencies": ("The fares use several currencies", "Giá vé dùng nhiều loại tiền tệ"),
    "feed_unreadable": ("The feed cannot be read as a GTFS zip", "Không đọc được tệp GTFS (zip)"),
    "feed_too_large": ("The feed file is too large", "Tệp dữ liệu giá vé quá lớn"),
    "feed_version_unknown": ("Unknown fare catalogue version", "Phiên bản bảng giá vé không tồn tại"),
    "feed_has_errors": (
        "The fare feed has errors and cannot be activated",
        "Dữ liệu giá vé có lỗi nên không thể kích hoạt",
    ),
    "activation_exists": (
        "Another version is already activated from that time",
        "Đã có phiên bản khác được kích hoạt từ thời điểm này",
    ),
    "activation_rewrites_history": (
        "The activation would change fares of a period already priced",
        "Việc kích hoạt sẽ thay đổi giá vé của giai đoạn đã áp dụng",
    ),
    "effective_from_invalid": (
        "effective_from is not an ISO time with offset", "effective_from không hợp lệ"
    ),
    "at_invalid": ("at is not an ISO time with offset", "Thời điểm không hợp lệ"),
    # ledger, payments, settlement (issue 6)
    "exceeds_floor": ("The account would go below its floor", "Tài khoản sẽ xuống dưới mức tối thiểu"),
    "insufficient_funds": ("The wallet balance is too low", "Số dư ví không đủ"),
    # pay-as-you-go (issue 7)
    "payg_debt_outstanding": (
        "Top up the wallet to pay for earlier rides first",
        "Hãy nạp tiền vào ví để thanh toán các chuyến đi trước",
    ),
    "charge_not_found": ("No charge for this journey", "Không có khoản phí cho hành trình này"),
    "journey_ref_reused": (
        "This journey was charged to another account", "Hành trình này đã được tính cho tài khoản khác"
    ),
    "fare_unknown": ("No fare applies to this journey", "Không có giá vé áp dụng cho hành trình này"),
    "transfer_id_reused": (
        "This transfer id was used with a different body", "Mã bút toán đã được dùng cho nội dung khác"
    ),
    "ledger_write_conflict": ("A concurrent posting changed the books", "Sổ cái vừa bị thay đổi đồng thời"),
    "pending_not_found": ("No such pending transfer", "Không có bút toán tạm giữ này"),
    "pending_already_resolved": (
        "The pending transfer was already posted or voided", "Bút toán tạm giữ đã được ghi hoặc hủy"
    ),
    "pending_expired": ("The pending transfer has expired", "Bút toán tạm giữ đã hết hạn"),
    "amount_exceeds_pending": ("More than the amount held", "Vượt quá số tiền tạm giữ"),
    "refund_exceeds_paid": (
        "The refund exceeds what was paid and not yet used or refunded",
        "Số tiền hoàn vượt quá số đã trả mà chưa dùng hoặc chưa hoàn",
    ),
    "ticket_not_sold": ("The ledger has no sale for this ticket", "Sổ cái không có giao dịch bán vé này"),
    "ticket_kind_mismatch": ("Wrong kind of ticket", "Loại vé không đúng"),
    "ticket_still_valid": ("The ticket is still valid", "Vé vẫn còn hiệu lực"),
    "ticket_used": ("The ticket was used", "Vé đã được sử dụng"),
    "ticket_already_sold": ("The ticket belongs to another sale", "Vé thuộc một giao dịch bán khác"),
    "currency_mismatch": ("Currency does not match", "Loại tiền tệ không khớp"),
    "topup_not_recorded": ("The ledger has no such top-up", "Sổ cái không có lần nạp tiền này"),
    "payment_not_found": ("Payment not found", "Không tìm thấy thanh toán"),
    "payment_id_reused": (
        "This payment id was used with a different request", "Mã thanh toán đã được dùng cho yêu cầu khác"
    ),
    "payment_declined": ("The payment was declined", "Thanh toán bị từ chối"),
    "payment_provider_unavailable": (
        "The payment provider is unavailable", "Cổng thanh toán tạm thời không khả dụng"
    ),
    "payment_handler_missing": (
        "Payments of this kind cannot be completed", "Không thể hoàn tất loại thanh toán này"
    ),
    "payment_amount_mismatch": ("The provider reports another amount", "Cổng thanh toán báo số tiền khác"),
    "payment_provider_mismatch": ("The payment is with another provider", "Thanh toán thuộc cổng khác"),
    "payment_not_succeeded": ("The payment has not succeeded", "Thanh toán chưa thành công"),
    "refund_id_reused": (
        "This refund id was used with a different request", "Mã hoàn tiền đã được dùng cho yêu cầu khác"
    ),
    "ticket_required": ("Name the ticket to refund", "Cần chỉ rõ vé cần hoàn tiền"),
    "webhook_disabled": ("Webhooks are disabled: no signing secret", "Webhook bị tắt: chưa cấu hình khóa ký"),
    "bad_signature": ("The signature is missing or wrong", "Chữ ký bị thiếu hoặc không đúng"),
    "event_malformed": ("Not a well-formed provider event", "Sự kiện từ cổng thanh toán không hợp lệ"),
    "payments_not_configured": ("No payment provider is configured", "Chưa cấu hình cổng thanh toán"),
    "settlement_day_open": ("That day has not ended yet", "Ngày này chưa kết thúc"),
    "statement_not_found": ("No settlement statement for that day", "Không có bảng quyết toán cho ngày này"),
    # staff console
    "csrf_failed": (
        "The form's security token is missing or wrong: reload the page",
        "Mã bảo mật của biểu mẫu bị thiếu hoặc sai: hãy tải lại trang",
    ),
    "exception_not_found": ("Tap exception not found", "Không tìm thấy ngoại lệ chạm vé"),
    "exception_resolved": ("The exception is already resolved", "Ngoại lệ này đã được xử lý"),
    "note_required": ("A note is required", "Cần có ghi chú"),
    "note_too_long": ("The note is too long", "Ghi chú quá dài"),
    "qr_not_a_ticket": ("The QR code is not a vexe ticket", "Mã QR không phải vé vexe"),
    "qr_not_found": ("No QR code found in the photo", "Không tìm thấy mã QR trong ảnh"),
    "photo_too_large": ("The photo is too large", "Ảnh quá lớn"),
    "photo_unreadable": ("The upload is not an image", "Tệp tải lên không phải là ảnh"),
    "staff_not_found": ("Staff account not found", "Không tìm thấy tài khoản nhân viên"),
    "own_admin_role": ("You cannot take away your own admin role", "Không thể tự bỏ quyền quản trị của mình"),
    "own_account": ("You cannot disable your own account", "Không thể tự khóa tài khoản của mình"),
}


def status_for(kind: str) -> int:
    return KIND_STATUS.get(kind, 400)


def title_for(code: str, kind: str, language: str) -> str:
    en, vi = CODE_TITLES.get(code) or KIND_TITLES.get(kind) or KIND_TITLES["rejected"]
    return vi if language == "vi" else en
