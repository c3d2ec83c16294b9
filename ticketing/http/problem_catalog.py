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

# kind -> (Vietnamese, English)
KIND_TITLES: dict[str, tuple[str, str]] = {
    "invalid": ("Yêu cầu không hợp lệ", "The request is malformed"),
    "rejected": ("Yêu cầu bị từ chối", "The request was refused"),
    "not_found": ("Không tìm thấy", "Not found"),
    "conflict": ("Xung đột với trạng thái hiện tại", "Conflict with the current state"),
    "unauthenticated": ("Cần đăng nhập", "Authentication required"),
    "forbidden": ("Không có quyền", "Not allowed"),
    "rate_limited": ("Quá nhiều yêu cầu", "Too many requests"),
    "payment_failed": ("Thanh toán không thành công", "Payment failed"),
    "unavailable": ("Dịch vụ tạm thời không khả dụng", "Service unavailable"),
    "internal": ("Lỗi hệ thống", "Internal error"),
}

# code -> (Vietnamese, English). Codes are stable once released. Every pair in this project is
# (vi, en); tests/unit/http/test_problem_catalog.py checks the order and that every raised code
# has a row here and a detail in problem_details.py.
CODE_TITLES: dict[str, tuple[str, str]] = {
    "validation_failed": ("Dữ liệu gửi lên không hợp lệ", "The request body or parameters are invalid"),
    "not_found": ("Không tìm thấy", "Not found"),
    "method_not_allowed": ("Phương thức không được hỗ trợ", "Method not allowed"),
    "unauthenticated": ("Cần đăng nhập", "Authentication required"),
    "token_invalid": ("Mã truy cập không hợp lệ", "The access token is invalid"),
    "token_expired": ("Mã truy cập đã hết hạn", "The access token has expired"),
    "bad_credentials": ("Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"),
    "forbidden": ("Không có quyền", "Not allowed"),
    "role_forbidden": ("Vai trò của bạn không được phép", "Your role does not allow this"),
    "operator_scope": ("Ngoài phạm vi đơn vị vận hành của bạn", "Outside your operator's data"),
    "rate_limited": ("Quá nhiều yêu cầu, vui lòng thử lại sau", "Too many requests, try again later"),
    "internal_error": ("Lỗi hệ thống", "Internal error"),
    "idempotency_key_reused": (
        "Khóa Idempotency-Key đã được dùng cho một yêu cầu khác",
        "This Idempotency-Key was used with a different request",
    ),
    "idempotency_key_required": ("Cần có tiêu đề Idempotency-Key", "The Idempotency-Key header is required"),
    "staff_exists": ("Tài khoản nhân viên đã tồn tại", "A staff account with this username exists"),
    # rider API (mobile_api)
    "rider_exists": (
        "Đã có tài khoản với email hoặc số điện thoại này",
        "An account with this e-mail or phone number exists",
    ),
    "email_invalid": ("Địa chỉ email không hợp lệ", "Not a valid e-mail address"),
    "phone_invalid": ("Số điện thoại di động Việt Nam không hợp lệ", "Not a Vietnamese mobile number"),
    "login_required": ("Cần nhập email hoặc số điện thoại", "Give an e-mail or a phone number"),
    "password_too_short": ("Mật khẩu quá ngắn", "The password is too short"),
    "password_too_long": ("Mật khẩu quá dài", "The password is too long"),
    "refresh_token_invalid": ("Mã làm mới không hợp lệ", "The refresh token is invalid"),
    "refresh_token_expired": ("Mã làm mới đã hết hạn", "The refresh token has expired"),
    "refresh_token_reused": (
        "Mã làm mới đã được dùng; mọi phiên liên quan đã bị đăng xuất",
        "The refresh token was already used; all its sessions are signed out",
    ),
    "rider_not_found": ("Không tìm thấy tài khoản hành khách", "Rider account not found"),
    "fare_feed_unavailable": ("Chưa có bảng giá vé đang áp dụng", "No fare table is in force"),
    "journey_invalid": ("Hành trình không hợp lệ", "The journey is malformed"),
    "product_unavailable": (
        "Không thể mua sản phẩm này cho đối tượng và phương tiện đã chọn",
        "This product cannot be bought for this category and medium",
    ),
    "concession_required": (
        "Đối tượng ưu tiên này cần được duyệt trước khi mua",
        "This rider category needs an approved concession",
    ),
    "concession_pending": (
        "Yêu cầu cho đối tượng này đang chờ duyệt",
        "A request for this category is pending",
    ),
    "concession_not_needed": ("Đối tượng này không cần xét duyệt", "This category needs no concession"),
    "concession_decided": ("Yêu cầu đã được xử lý", "The request was already decided"),
    "concession_not_found": ("Không tìm thấy yêu cầu ưu tiên", "Concession request not found"),
    "rider_category_unknown": ("Đối tượng hành khách không tồn tại", "Unknown rider category"),
    "order_not_found": ("Không tìm thấy đơn hàng", "Order not found"),
    "order_mixed_currency": ("Đơn hàng phải cùng một loại tiền", "An order must be in one currency"),
    "order_not_pending": (
        "Đơn hàng không ở trạng thái chờ thanh toán",
        "The order is not waiting for payment",
    ),
    "sandbox_only": (
        "Chỉ môi trường thanh toán thử nghiệm cho phép xác nhận theo cách này",
        "Only the sandbox payment provider confirms payments this way",
    ),
    "payments_unavailable": ("Chưa cấu hình thanh toán", "Payments are not configured"),
    "ticket_not_found": ("Không tìm thấy vé", "Ticket not found"),
    "trip_not_found": ("Không tìm thấy chuyến đi", "Trip not found"),
    "tickets_unavailable": ("Chưa cấu hình phát hành vé", "Ticket issuing is not configured"),
    "not_refundable": ("Vé này không được hoàn tiền", "This ticket cannot be refunded"),
    "already_refunded": ("Vé này đã được hoàn tiền", "This ticket was already refunded"),
    "topup_not_found": ("Không tìm thấy giao dịch nạp tiền", "Top-up not found"),
    "amount_invalid": ("Số tiền không hợp lệ", "The amount is not allowed"),
    "cursor_invalid": ("Con trỏ phân trang không hợp lệ", "The page cursor is invalid"),
    # tickets and issuer keys
    "ticket_id_invalid": (
        "Mã vé gồm 12 ký tự Crockford base32",
        "A ticket id is 12 Crockford base32 characters",
    ),
    "ticket_id_reused": (
        "Mã vé này đã được dùng cho một yêu cầu khác",
        "This ticket id was issued for another request",
    ),
    "ticket_not_refundable": ("Vé này không còn được hoàn tiền", "This ticket can no longer be refunded"),
    "ticket_not_activatable": ("Vé này không thể kích hoạt", "This ticket cannot be activated"),
    "reason_required": ("Cần nêu lý do", "Say why"),
    "valid_from_in_past": ("Vé không thể bắt đầu trong quá khứ", "A ticket cannot start in the past"),
    "valid_from_too_far": (
        "Vé chỉ được bắt đầu tối đa 62 ngày tới",
        "A ticket can start at most 62 days ahead",
    ),
    "no_signing_key": ("Không có khóa phát hành nào ký được vé này", "No issuer key can sign this ticket"),
    "issuer_key_unreadable": ("Không đọc được khóa phát hành", "The issuer key cannot be read"),
    "issuer_key_unknown": ("Khóa phát hành không tồn tại", "Unknown issuer key"),
    "kid_exists": ("Đã có khóa phát hành với kid này", "An issuer key with this kid exists"),
    "kid_invalid": ("Mã khóa (kid) không hợp lệ", "The key id is invalid"),
    "key_window_invalid": ("Thời hạn hiệu lực của khóa không hợp lệ", "The key validity window is invalid"),
    "device_key_invalid": (
        "Khóa điện thoại không phải JWK công khai P-256",
        "The phone key is not a P-256 public JWK",
    ),
    "device_key_id_reused": (
        "Mã khóa thiết bị này đang gắn với khóa khác",
        "This device key id holds another key",
    ),
    "device_key_exists": ("Khóa điện thoại này đã được đăng ký", "This phone key is already registered"),
    "device_key_unknown": ("Khóa điện thoại không tồn tại", "Unknown phone key"),
    "device_key_revoked": ("Khóa điện thoại đã bị thu hồi", "The phone key is revoked"),
    "device_key_not_holders": (
        "Khóa điện thoại thuộc hành khách khác",
        "The phone key belongs to another rider",
    ),
    "qr_format_unknown": ("Ảnh QR chỉ có dạng PNG hoặc SVG", "QR images are PNG or SVG"),
    "qr_dynamic": (
        "Mã gắn với điện thoại do điện thoại hiển thị",
        "Device-bound codes are shown by the phone",
    ),
    # devices and taps (validators, sync protocol)
    "enrolment_token_invalid": (
        "Mã đăng ký thiết bị không đúng, đã dùng hoặc đã hết hạn",
        "Unknown, used or expired enrolment token",
    ),
    "device_token_missing": ("Cần mã yêu cầu của thiết bị", "A device request token is required"),
    "device_token_invalid": ("Mã yêu cầu của thiết bị không hợp lệ", "The device request token is invalid"),
    "device_token_expired": (
        "Mã yêu cầu của thiết bị đã hết hạn hoặc sai giờ",
        "The device request token is expired or from the future",
    ),
    "device_unknown": ("Thiết bị không xác định hoặc đã bị khóa", "Unknown or disabled device"),
    "device_mismatch": (
        "Thiết bị chỉ được dùng dữ liệu của chính mình",
        "A device may only use its own endpoints",
    ),
    "request_replayed": ("Yêu cầu này của thiết bị đã được dùng", "This device request was already used"),
    "tap_batch_invalid": (
        "Lô dữ liệu chạm vé sai định dạng, bị từ chối toàn bộ",
        "The tap batch is malformed and was refused whole",
    ),
    "tap_batch_too_large": ("Lô dữ liệu chạm vé quá lớn", "The tap batch is too large"),
    "tap_conflict": ("Đã có một lượt chạm khác với cùng mã", "A different tap with this id is already held"),
    "sequence_conflict": (
        "Số thứ tự này đã thuộc về một lượt chạm khác",
        "Another tap holds this sequence number",
    ),
    "device_exists": ("Thiết bị này đã được đăng ký", "This device is already registered"),
    "device_not_found": ("Không tìm thấy thiết bị", "No such device"),
    "device_location": (
        "Thiết bị đặt tại một điểm dừng hoặc trên một xe",
        "A device is at a stop or on a vehicle, not both",
    ),
    "device_policy": ("Thông số thiết bị ngoài giới hạn cho phép", "Device policy out of range"),
    "invalid_identifier": ("Mã định danh không hợp lệ", "Invalid identifier"),
    "public_key_invalid": ("Khóa công khai của thiết bị không hợp lệ", "The device public key is invalid"),
    "device_sync_unavailable": ("Đồng bộ thiết bị tạm thời không khả dụng", "Device sync is not available"),
    "unsupported_content_encoding": ("Kiểu nén dữ liệu không được hỗ trợ", "Unsupported Content-Encoding"),
    # fares (GTFS Fares v2 engine and fare catalogue versions)
    "fare_product_unknown": ("Sản phẩm vé không tồn tại", "Unknown fare product"),
    "product_not_offered": (
        "Sản phẩm vé này không bán cho đối tượng và phương tiện thanh toán đã chọn",
        "This product is not sold for this rider category and fare media",
    ),
    "no_fares_in_force": (
        "Chưa có bảng giá vé áp dụng tại thời điểm đó",
        "No fare catalogue is in force at that time",
    ),
    "fare_media_unknown": ("Phương tiện thanh toán không tồn tại", "Unknown fare media"),
    "mixed_currencies": ("Giá vé dùng nhiều loại tiền tệ", "The fares use several currencies"),
    "feed_unreadable": ("Không đọc được tệp GTFS (zip)", "The feed cannot be read as a GTFS zip"),
    "feed_too_large": ("Tệp dữ liệu giá vé quá lớn", "The feed file is too large"),
    "feed_version_unknown": ("Phiên bản bảng giá vé không tồn tại", "Unknown fare catalogue version"),
    "feed_has_errors": (
        "Dữ liệu giá vé có lỗi nên không thể kích hoạt",
        "The fare feed has errors and cannot be activated",
    ),
    "activation_exists": (
        "Đã có phiên bản khác được kích hoạt từ thời điểm này",
        "Another version is already activated from that time",
    ),
    "activation_rewrites_history": (
        "Việc kích hoạt sẽ thay đổi giá vé của giai đoạn đã áp dụng",
        "The activation would change fares of a period already priced",
    ),
    "effective_from_invalid": (
        "effective_from không hợp lệ",
        "effective_from is not an ISO time with offset",
    ),
    "at_invalid": ("Thời điểm không hợp lệ", "at is not an ISO time with offset"),
    # ledger, payments, settlement (issue 6)
    "exceeds_floor": ("Tài khoản sẽ xuống dưới mức tối thiểu", "The account would go below its floor"),
    "insufficient_funds": ("Số dư ví không đủ", "The wallet balance is too low"),
    # pay-as-you-go (issue 7)
    "payg_debt_outstanding": (
        "Hãy nạp tiền vào ví để thanh toán các chuyến đi trước",
        "Top up the wallet to pay for earlier rides first",
    ),
    "charge_not_found": ("Không có khoản phí cho hành trình này", "No charge for this journey"),
    "journey_ref_reused": (
        "Hành trình này đã được tính cho tài khoản khác",
        "This journey was charged to another account",
    ),
    "fare_unknown": ("Không có giá vé áp dụng cho hành trình này", "No fare applies to this journey"),
    "transfer_id_reused": (
        "Mã bút toán đã được dùng cho nội dung khác",
        "This transfer id was used with a different body",
    ),
    "ledger_write_conflict": ("Sổ cái vừa bị thay đổi đồng thời", "A concurrent posting changed the books"),
    "pending_not_found": ("Không có bút toán tạm giữ này", "No such pending transfer"),
    "pending_already_resolved": (
        "Bút toán tạm giữ đã được ghi hoặc hủy",
        "The pending transfer was already posted or voided",
    ),
    "pending_expired": ("Bút toán tạm giữ đã hết hạn", "The pending transfer has expired"),
    "amount_exceeds_pending": ("Vượt quá số tiền tạm giữ", "More than the amount held"),
    "refund_exceeds_paid": (
        "Số tiền hoàn vượt quá số đã trả mà chưa dùng hoặc chưa hoàn",
        "The refund exceeds what was paid and not yet used or refunded",
    ),
    "ticket_not_sold": ("Sổ cái không có giao dịch bán vé này", "The ledger has no sale for this ticket"),
    "ticket_kind_mismatch": ("Loại vé không đúng", "Wrong kind of ticket"),
    "ticket_still_valid": ("Vé vẫn còn hiệu lực", "The ticket is still valid"),
    "ticket_used": ("Vé đã được sử dụng", "The ticket was used"),
    "ticket_already_sold": ("Vé thuộc một giao dịch bán khác", "The ticket belongs to another sale"),
    "currency_mismatch": ("Loại tiền tệ không khớp", "Currency does not match"),
    "topup_not_recorded": ("Sổ cái không có lần nạp tiền này", "The ledger has no such top-up"),
    "payment_not_found": ("Không tìm thấy thanh toán", "Payment not found"),
    "payment_id_reused": (
        "Mã thanh toán đã được dùng cho yêu cầu khác",
        "This payment id was used with a different request",
    ),
    "payment_declined": ("Thanh toán bị từ chối", "The payment was declined"),
    "payment_provider_unavailable": (
        "Cổng thanh toán tạm thời không khả dụng",
        "The payment provider is unavailable",
    ),
    "payment_handler_missing": (
        "Không thể hoàn tất loại thanh toán này",
        "Payments of this kind cannot be completed",
    ),
    "payment_amount_mismatch": ("Cổng thanh toán báo số tiền khác", "The provider reports another amount"),
    "payment_provider_mismatch": ("Thanh toán thuộc cổng khác", "The payment is with another provider"),
    "payment_not_succeeded": ("Thanh toán chưa thành công", "The payment has not succeeded"),
    "refund_id_reused": (
        "Mã hoàn tiền đã được dùng cho yêu cầu khác",
        "This refund id was used with a different request",
    ),
    "ticket_required": ("Cần chỉ rõ vé cần hoàn tiền", "Name the ticket to refund"),
    "webhook_disabled": ("Webhook bị tắt: chưa cấu hình khóa ký", "Webhooks are disabled: no signing secret"),
    "bad_signature": ("Chữ ký bị thiếu hoặc không đúng", "The signature is missing or wrong"),
    "event_malformed": ("Sự kiện từ cổng thanh toán không hợp lệ", "Not a well-formed provider event"),
    "payments_not_configured": ("Chưa cấu hình cổng thanh toán", "No payment provider is configured"),
    "settlement_day_open": ("Ngày này chưa kết thúc", "That day has not ended yet"),
    "statement_not_found": ("Không có bảng quyết toán cho ngày này", "No settlement statement for that day"),
    # HTTP-level answers and codes that had no row before
    "bad_request": ("Yêu cầu không hợp lệ", "Bad request"),
    "conflict": ("Xung đột với trạng thái hiện tại", "Conflict with the current state"),
    "payload_too_large": ("Dữ liệu gửi lên quá lớn", "The request body is too large"),
    "unsupported_media_type": ("Kiểu dữ liệu không được hỗ trợ", "Unsupported media type"),
    "http_error": ("Yêu cầu không thực hiện được", "The request could not be served"),
    "idempotency_conflict": (
        "Một yêu cầu khác cùng khóa Idempotency-Key vừa thất bại",
        "A concurrent request with this Idempotency-Key failed",
    ),
    "idempotency_key_invalid": ("Khóa Idempotency-Key không hợp lệ", "The Idempotency-Key is invalid"),
    "order_empty": ("Đơn hàng chưa có vé nào", "The order has no items"),
    "order_too_large": ("Đơn hàng có quá nhiều vé", "The order has too many tickets"),
    "quantity_invalid": ("Số lượng vé không hợp lệ", "The quantity is not allowed"),
    "operator_not_allowed": (
        "Vai trò này không gắn với đơn vị vận hành", "This role is not tied to an operator"
    ),
    "operator_required": ("Cần chỉ rõ đơn vị vận hành", "An operator is required for this role"),
    "role_unknown": ("Vai trò không tồn tại", "Unknown staff role"),
    "username_required": ("Cần nhập tên đăng nhập", "A username is required"),
    "stale_policy": ("Chính sách dữ liệu cũ không hợp lệ", "Unknown stale-data policy"),
    "payment_mismatch": ("Thanh toán không khớp với yêu cầu", "The payment does not match the request"),
    "payment_purpose_unknown": ("Mục đích thanh toán không xác định", "Unknown payment purpose"),
    "provider_invalid_request": (
        "Cổng thanh toán từ chối yêu cầu", "The payment provider refused the request"
    ),
    "provider_unavailable": (
        "Cổng thanh toán tạm thời không khả dụng", "The payment provider is unavailable"
    ),
    "naive_datetime": ("Thời điểm thiếu múi giờ", "A time without a UTC offset"),
    "sale_empty": ("Giao dịch bán không có vé", "A sale without tickets"),
    # ledger transfers (programming or input errors; never the rider's fault)
    "account_unknown": ("Tài khoản sổ cái không tồn tại", "Unknown ledger account"),
    "accounts_same": ("Tài khoản nợ và có trùng nhau", "Debit and credit accounts are the same"),
    "amount_not_integer": ("Số tiền phải là số nguyên", "The amount must be an integer"),
    "amount_not_positive": ("Số tiền phải lớn hơn 0", "The amount must be positive"),
    "code_unknown": ("Mã bút toán không tồn tại", "Unknown transfer code"),
    "currency_unknown": ("Loại tiền tệ không được hỗ trợ", "Unknown currency"),
    "pending_id_required": ("Cần mã bút toán tạm giữ", "A pending transfer id is required"),
    "pending_id_unexpected": ("Không cần mã bút toán tạm giữ", "No pending transfer id is expected"),
    "timeout_required": ("Cần thời hạn tạm giữ", "A pending transfer needs a timeout"),
    "timeout_unexpected": ("Không cần thời hạn tạm giữ", "Only pending transfers have a timeout"),
    "transfer_id_invalid": ("Mã bút toán không hợp lệ", "The transfer id is invalid"),
    # ticket codes read by readers and the server
    "malformed": ("Mã vé sai định dạng", "The ticket code is malformed"),
    "unknown_key": ("Mã vé ký bằng khóa không xác định", "The ticket is signed with an unknown key"),
    "unsupported_version": ("Phiên bản mã vé không được hỗ trợ", "Unsupported ticket code version"),
    "expired": ("Vé đã hết hạn", "The ticket has expired"),
    "not_yet_valid": ("Vé chưa đến thời gian hiệu lực", "The ticket is not valid yet"),
    "revoked": ("Vé đã bị thu hồi", "The ticket is revoked"),
    "proof_required": ("Vé cần được hiển thị từ điện thoại", "This ticket must be shown from the phone"),
    "proof_invalid": ("Mã xác thực từ điện thoại không đúng", "The phone's proof is not valid"),
    "proof_stale": ("Mã trên điện thoại đã cũ", "The phone's code is out of date"),
    "operator_unknown": ("Đơn vị vận hành không có trong bảng giá", "Unknown operator"),
    "stop_unknown": ("Điểm dừng không có trong bảng giá", "Unknown stop"),
    "route_unknown": ("Tuyến không có trong bảng giá", "Unknown route"),
    # HTTP edges: body bounds, JSON depth, feed uploads, staff accounts
    "body_too_large": ("Nội dung yêu cầu quá lớn", "The request body is too large"),
    "json_too_deep": ("Tài liệu JSON lồng nhau quá sâu", "The JSON document nests too deeply"),
    "feed_unpacked_too_large": (
        "Tệp zip dữ liệu giá vé giải nén ra quá lớn", "The feed zip unpacks to more than allowed"
    ),
    "feed_too_many_entries": (
        "Tệp zip dữ liệu giá vé chứa quá nhiều tệp", "The feed zip holds too many files"
    ),
    "username_too_long": ("Tên đăng nhập quá dài", "The username is too long"),
    "operator_invalid": (
        "Mã đơn vị vận hành bị trống: bỏ trường này hoặc ghi mã đơn vị",
        "The operator id is empty: omit it or name an agency",
    ),
    # money movements
    "webhook_handling_failed": (
        "Sự kiện đã được lưu nhưng chưa xử lý xong; hệ thống sẽ thử lại",
        "The event is stored but not applied yet; it will be retried",
    ),
    "wallet_cap_exceeded": (
        "Ví sẽ vượt hạn mức (tính cả các lần nạp đang chờ thanh toán)",
        "The wallet would hold more than its limit (top-ups awaiting payment included)",
    ),
    "payg_balance_too_low": (
        "Hãy nạp ví ít nhất bằng giá vé lượt cao nhất trước khi đi theo hình thức trả theo chuyến",
        "Top up the wallet to at least the highest single fare before riding pay-as-you-go",
    ),
    # rider app (mobile_api/webapp)
    "app_header_required": (
        "Địa chỉ này chỉ dành cho ứng dụng hành khách",
        "This endpoint answers the rider app only",
    ),
    "app_file_not_found": ("Không có tệp này trong ứng dụng", "No such file in the rider app"),
    "app_not_built": (
        "Ứng dụng hành khách chưa được đóng gói trên máy chủ này",
        "The rider app is not built on this server",
    ),
    "order_attempt_exists": (
        "Một yêu cầu khác của cùng lần mua đã tạo đơn hàng",
        "Another request of this purchase attempt placed the order",
    ),
    # CCCD (chip ID) free riders
    "cccd_number_invalid": ("Số CCCD phải gồm 12 chữ số", "A CCCD number has 12 digits"),
    "cccd_category_not_free": (
        "Đối tượng này không thuộc diện miễn phí vé", "The category is not a free-rider category"
    ),
    "cccd_not_configured": (
        "Máy chủ chưa cấu hình hành khách miễn phí bằng CCCD",
        "CCCD free riders are not configured on this server",
    ),
    # staff console
    "csrf_failed": (
        "Mã bảo mật của biểu mẫu bị thiếu hoặc sai: hãy tải lại trang",
        "The form's security token is missing or wrong: reload the page",
    ),
    "exception_not_found": ("Không tìm thấy ngoại lệ chạm vé", "Tap exception not found"),
    "exception_resolved": ("Ngoại lệ này đã được xử lý", "The exception is already resolved"),
    "note_required": ("Cần có ghi chú", "A note is required"),
    "note_too_long": ("Ghi chú quá dài", "The note is too long"),
    "qr_not_a_ticket": ("Mã QR không phải vé vexe", "The QR code is not a vexe ticket"),
    "qr_not_found": ("Không tìm thấy mã QR trong ảnh", "No QR code found in the photo"),
    "photo_too_large": ("Ảnh quá lớn", "The photo is too large"),
    "photo_unreadable": ("Tệp tải lên không phải là ảnh", "The upload is not an image"),
    "staff_not_found": ("Không tìm thấy tài khoản nhân viên", "Staff account not found"),
    "own_admin_role": ("Không thể tự bỏ quyền quản trị của mình", "You cannot take away your own admin role"),
    "own_account": ("Không thể tự khóa tài khoản của mình", "You cannot disable your own account"),
}


def status_for(kind: str) -> int:
    return KIND_STATUS.get(kind, 400)


def title_for(code: str, kind: str, language: str) -> str:
    vi, en = CODE_TITLES.get(code) or KIND_TITLES.get(kind) or KIND_TITLES["rejected"]
    return vi if language == "vi" else en
