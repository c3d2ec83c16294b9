"""What each problem code means and what to do next, in Vietnamese and English (RFC 9457 ``detail``).

The answer's ``detail`` is the sentence in the language chosen by ``Accept-Language``; the
specific English message of the error (which value, which field) goes with it as ``detail_en``
when the answer is in Vietnamese, and is the ``detail`` itself in English.
"""

from __future__ import annotations

_AGAIN_VI = "Vui lòng thử lại sau ít phút."
_AGAIN_EN = "Please try again in a few minutes."
_SUPPORT_VI = "Đây là lỗi của hệ thống, không phải của bạn; vui lòng báo cho bộ phận hỗ trợ."
_SUPPORT_EN = "This is a fault in the system, not yours; please tell support."

# code -> (Vietnamese, English)
CODE_DETAILS: dict[str, tuple[str, str]] = {
    # generic and HTTP
    "validation_failed": (
        "Một trường trong yêu cầu thiếu hoặc sai kiểu; xem danh sách lỗi kèm theo.",
        "A field of the request is missing or of the wrong type; see the errors listed.",
    ),
    "not_found": ("Địa chỉ này không có tài nguyên nào.", "Nothing exists at this address."),
    "method_not_allowed": (
        "Địa chỉ này không nhận phương thức HTTP đã dùng.",
        "This address does not accept the HTTP method used.",
    ),
    "bad_request": ("Yêu cầu không đúng quy ước của API.", "The request does not follow the API."),
    "conflict": ("Yêu cầu xung đột với dữ liệu hiện có.", "The request conflicts with the current data."),
    "payload_too_large": (
        "Nội dung gửi lên vượt giới hạn cho phép; hãy gửi ít dữ liệu hơn.",
        "The body is over the limit; send less data.",
    ),
    "unsupported_media_type": (
        "Hãy gửi nội dung dạng application/json.",
        "Send the body as application/json.",
    ),
    "http_error": ("Máy chủ không phục vụ được yêu cầu này.", "The server could not serve this request."),
    "internal_error": (_SUPPORT_VI, _SUPPORT_EN),
    "rate_limited": (
        "Bạn đã gửi quá nhiều yêu cầu; hãy đợi theo tiêu đề Retry-After rồi thử lại.",
        "You sent too many requests; wait as Retry-After says, then try again.",
    ),
    "cursor_invalid": (
        "Con trỏ trang phải là giá trị `next` của trang trước; bỏ đi để lấy trang đầu.",
        "The cursor must be the previous page's `next`; leave it out for the first page.",
    ),
    "invalid_identifier": (
        "Mã định danh chỉ gồm chữ, số, dấu gạch dưới và gạch ngang.",
        "An identifier holds only letters, digits, underscores and hyphens.",
    ),
    # sign-in and roles
    "unauthenticated": (
        "Hãy đăng nhập và gửi mã truy cập trong tiêu đề Authorization: Bearer.",
        "Sign in and send the access token as Authorization: Bearer.",
    ),
    "token_invalid": (
        "Mã truy cập bị sửa, sai loại hoặc không do hệ thống này cấp; hãy đăng nhập lại.",
        "The access token was altered, is of another kind or not ours; sign in again.",
    ),
    "token_expired": (
        "Mã truy cập đã hết hạn; hãy làm mới bằng mã làm mới hoặc đăng nhập lại.",
        "The access token has expired; refresh it or sign in again.",
    ),
    "bad_credentials": (
        "Tên đăng nhập hoặc mật khẩu không đúng; hãy kiểm tra và thử lại.",
        "The login or the password is wrong; check them and try again.",
    ),
    "forbidden": ("Tài khoản của bạn không được làm việc này.", "Your account may not do this."),
    "role_forbidden": (
        "Vai trò của tài khoản không có quyền với thao tác này.",
        "Your account's role does not allow this action.",
    ),
    "operator_scope": (
        "Tài khoản đơn vị vận hành chỉ xem và sửa dữ liệu của chính đơn vị mình.",
        "An operator account sees and changes only its own operator's data.",
    ),
    "staff_exists": ("Tên đăng nhập này đã có người dùng; hãy chọn tên khác.", "Choose another username."),
    "operator_not_allowed": (
        "Chỉ tài khoản vai trò operator mới gắn với một đơn vị vận hành.",
        "Only accounts with the operator role belong to an operator.",
    ),
    "operator_required": (
        "Tài khoản vai trò operator cần mã đơn vị vận hành (agency_id của bảng giá).",
        "An operator account needs its operator (an agency_id of the fare feed).",
    ),
    "role_unknown": (
        "Vai trò là admin, operator, auditor hoặc reviewer.",
        "The role is admin, operator, auditor or reviewer.",
    ),
    "username_required": ("Hãy nhập tên đăng nhập.", "Give a username."),
    # idempotency
    "idempotency_key_reused": (
        "Khóa này đã dùng cho một yêu cầu có nội dung khác; hãy dùng khóa mới cho lần mua mới.",
        "This key went with a different request; use a new key for a new purchase.",
    ),
    "idempotency_key_required": (
        "Hãy gửi tiêu đề Idempotency-Key, ví dụ một UUID cho mỗi lần mua.",
        "Send an Idempotency-Key header, e.g. a UUID per purchase attempt.",
    ),
    "idempotency_key_invalid": (
        "Khóa Idempotency-Key dài tối đa 255 ký tự in được.",
        "An Idempotency-Key is at most 255 printable characters.",
    ),
    "idempotency_conflict": (
        "Một yêu cầu song song cùng khóa không thành công; hãy gửi lại yêu cầu.",
        "A parallel request with this key failed; send the request again.",
    ),
    # riders
    "rider_exists": (
        "Đã có tài khoản với email hoặc số điện thoại này; hãy đăng nhập.",
        "An account with this e-mail or phone exists; sign in instead.",
    ),
    "email_invalid": (
        "Hãy nhập địa chỉ email dạng ten@mien.vn.",
        "Give an e-mail address like name@domain.vn.",
    ),
    "phone_invalid": (
        "Hãy nhập số di động Việt Nam, ví dụ 0912345678 hoặc +84912345678.",
        "Give a Vietnamese mobile number, e.g. 0912345678 or +84912345678.",
    ),
    "login_required": ("Hãy nhập email hoặc số điện thoại.", "Give an e-mail address or a phone number."),
    "password_too_short": ("Mật khẩu cần ít nhất 8 ký tự.", "A password has at least 8 characters."),
    "password_too_long": ("Mật khẩu dài tối đa 256 ký tự.", "A password has at most 256 characters."),
    "refresh_token_invalid": (
        "Mã làm mới không đúng; hãy đăng nhập lại.",
        "The refresh token is not valid; sign in again.",
    ),
    "refresh_token_expired": (
        "Mã làm mới đã hết hạn; hãy đăng nhập lại.",
        "The refresh token has expired; sign in again.",
    ),
    "refresh_token_reused": (
        "Mã làm mới đã được dùng trước đó nên mọi phiên của nó bị đăng xuất; hãy đăng nhập lại.",
        "The refresh token was used before, so all its sessions are signed out; sign in again.",
    ),
    "rider_not_found": ("Tài khoản này không còn tồn tại.", "This account no longer exists."),
    # fares and catalogue
    "fare_feed_unavailable": (
        "Đơn vị vận hành chưa kích hoạt bảng giá vé; chưa thể báo giá hay bán vé.",
        "No fare table has been activated yet, so nothing can be priced or sold.",
    ),
    "no_fares_in_force": (
        "Không có bảng giá vé nào áp dụng tại thời điểm đó.",
        "No fare table applies at that time.",
    ),
    "journey_invalid": (
        "Hành trình cần ít nhất một chặng có tuyến, điểm đi, điểm đến và giờ có múi giờ.",
        "A journey needs legs with a route, stops and times with a UTC offset.",
    ),
    "fare_product_unknown": (
        "Sản phẩm vé này không có trong bảng giá đang áp dụng; hãy tải lại danh mục.",
        "This product is not in the fare table in force; reload the catalogue.",
    ),
    "product_not_offered": (
        "Sản phẩm này không bán cho đối tượng và phương tiện đã chọn; hãy xem danh mục cho đúng lựa chọn.",
        "This product is not sold for the chosen category and medium; see the catalogue for them.",
    ),
    "product_unavailable": (
        "Không thể mua sản phẩm này cho đối tượng và phương tiện đã chọn.",
        "This product cannot be bought for the chosen category and medium.",
    ),
    "rider_category_unknown": (
        "Đối tượng hành khách không có trong bảng giá; hãy chọn từ danh mục.",
        "The rider category is not in the fare table; choose one from the catalogue.",
    ),
    "fare_media_unknown": (
        "Phương tiện thanh toán không có trong bảng giá; hãy chọn từ danh mục.",
        "The fare medium is not in the fare table; choose one from the catalogue.",
    ),
    "fare_unknown": (
        "Không có quy tắc giá vé nào cho hành trình này nên không thể tính tiền.",
        "No fare rule covers this journey, so it cannot be charged.",
    ),
    "mixed_currencies": (
        "Bảng giá dùng nhiều loại tiền; mỗi bảng giá chỉ được dùng một loại.",
        "The fare table uses several currencies; one table has one currency.",
    ),
    "feed_unreadable": (
        "Tệp tải lên phải là GTFS dạng zip có các tệp giá vé.",
        "Upload a GTFS zip with the fare files.",
    ),
    "feed_too_large": (
        "Tệp dữ liệu giá vé vượt giới hạn kích thước.",
        "The fare feed file is over the size limit.",
    ),
    "feed_version_unknown": ("Không có phiên bản bảng giá với mã này.", "No fare table version has this id."),
    "feed_has_errors": (
        "Hãy sửa các lỗi trong báo cáo kiểm tra rồi tải lên lại.",
        "Fix the errors in the validation report and upload again.",
    ),
    "activation_exists": (
        "Đã có phiên bản khác áp dụng từ thời điểm này; hãy chọn thời điểm khác.",
        "Another version takes effect at that time; choose another time.",
    ),
    "activation_rewrites_history": (
        "Chỉ được kích hoạt cho thời gian chưa tính giá; hãy chọn thời điểm trong tương lai.",
        "Activate only for time not yet priced; choose a future time.",
    ),
    "effective_from_invalid": (
        "effective_from là thời điểm ISO 8601 có múi giờ, ví dụ 2026-01-01T00:00:00+07:00.",
        "effective_from is an ISO 8601 time with an offset, e.g. 2026-01-01T00:00:00+07:00.",
    ),
    "at_invalid": (
        "Thời điểm là ISO 8601 có múi giờ, ví dụ 2026-01-01T08:00:00+07:00.",
        "The time is ISO 8601 with an offset, e.g. 2026-01-01T08:00:00+07:00.",
    ),
    # concessions
    "concession_required": (
        "Đối tượng ưu tiên cần được duyệt trước; hãy gửi yêu cầu kèm giấy tờ chứng minh.",
        "A concession category needs approval first; request it with proof.",
    ),
    "concession_pending": (
        "Yêu cầu trước cho đối tượng này đang chờ duyệt; vui lòng đợi kết quả.",
        "Your earlier request for this category is waiting for a decision.",
    ),
    "concession_not_needed": (
        "Đối tượng phổ thông không cần xét duyệt.",
        "The general category needs no approval.",
    ),
    "concession_decided": ("Yêu cầu này đã được duyệt hoặc từ chối.", "This request was already decided."),
    "concession_not_found": ("Không có yêu cầu ưu tiên với mã này.", "No concession request has this id."),
    # orders and payments
    "order_not_found": (
        "Không có đơn hàng với mã này trong tài khoản của bạn.",
        "You have no order with this id.",
    ),
    "order_mixed_currency": (
        "Mọi vé trong một đơn hàng phải cùng loại tiền.",
        "Every ticket of an order must be in one currency.",
    ),
    "order_not_pending": (
        "Đơn hàng đã thanh toán, thất bại hoặc hết hạn; hãy tạo đơn mới nếu cần.",
        "The order is paid, failed or expired; place a new one if needed.",
    ),
    "order_empty": ("Hãy chọn ít nhất một vé.", "Choose at least one ticket."),
    "order_too_large": (
        "Một đơn hàng có tối đa 10 dòng và 20 vé.",
        "An order holds at most 10 lines and 20 tickets.",
    ),
    "quantity_invalid": ("Số lượng mỗi dòng từ 1 đến 10.", "Each line's quantity is 1 to 10."),
    "sandbox_only": (
        "Chỉ môi trường thử nghiệm xác nhận thanh toán theo cách này; hãy thanh toán bằng thẻ.",
        "Only the sandbox confirms payments this way; pay with the card sheet.",
    ),
    "payments_unavailable": (
        "Hệ thống chưa cấu hình thanh toán; vui lòng thử lại sau.",
        "Payments are not set up; please try later.",
    ),
    "payments_not_configured": (
        "Hệ thống chưa cấu hình cổng thanh toán.",
        "No payment provider is set up.",
    ),
    "payment_not_found": ("Không có thanh toán với mã này.", "No payment has this id."),
    "payment_id_reused": (
        "Mã thanh toán đã dùng cho yêu cầu khác.",
        "This payment id belongs to another request.",
    ),
    "payment_declined": (
        "Ngân hàng từ chối thanh toán; bạn chưa bị trừ tiền. Hãy thử thẻ khác.",
        "The bank refused the payment; you were not charged. Try another card.",
    ),
    "payment_provider_unavailable": (
        "Cổng thanh toán không phản hồi; bạn chưa bị trừ tiền. " + _AGAIN_VI,
        "The payment provider did not answer; you were not charged. " + _AGAIN_EN,
    ),
    "provider_unavailable": (
        "Cổng thanh toán không phản hồi; bạn chưa bị trừ tiền. " + _AGAIN_VI,
        "The payment provider did not answer; you were not charged. " + _AGAIN_EN,
    ),
    "provider_invalid_request": (
        "Cổng thanh toán từ chối yêu cầu. " + _SUPPORT_VI,
        "The payment provider refused the request. " + _SUPPORT_EN,
    ),
    "payment_handler_missing": (_SUPPORT_VI, _SUPPORT_EN),
    "payment_amount_mismatch": (
        "Số tiền cổng thanh toán báo khác số tiền đơn hàng; không có gì được phát hành.",
        "The provider reports another amount than the order's; nothing was issued.",
    ),
    "payment_provider_mismatch": (
        "Thanh toán này thuộc cổng thanh toán khác.",
        "This payment belongs to another provider.",
    ),
    "payment_mismatch": (
        "Thanh toán không khớp với đơn hàng hoặc lần nạp tiền.",
        "The payment does not match the order or top-up.",
    ),
    "payment_purpose_unknown": (_SUPPORT_VI, _SUPPORT_EN),
    "payment_not_succeeded": (
        "Thanh toán chưa hoàn tất nên chưa thể hoàn tiền hay phát hành.",
        "The payment has not succeeded, so nothing can be refunded or issued.",
    ),
    "refund_id_reused": (
        "Mã hoàn tiền đã dùng cho yêu cầu khác.",
        "This refund id belongs to another request.",
    ),
    "refund_exceeds_paid": (
        "Chỉ hoàn được phần đã trả mà chưa dùng hoặc chưa hoàn.",
        "Only what was paid and not yet used or refunded can be refunded.",
    ),
    "ticket_required": ("Hãy chọn vé cần hoàn tiền.", "Choose the ticket to refund."),
    "webhook_disabled": (
        "Chưa cấu hình khóa ký webhook nên không nhận sự kiện.",
        "No webhook signing secret is set, so events are refused.",
    ),
    "bad_signature": (
        "Chữ ký Stripe-Signature thiếu hoặc không khớp nội dung.",
        "The Stripe-Signature header is missing or does not match the body.",
    ),
    "event_malformed": (
        "Sự kiện không đúng định dạng của cổng thanh toán.",
        "The event is not the provider's format.",
    ),
    # wallet and pay-as-you-go
    "topup_not_found": ("Không có lần nạp tiền với mã này.", "No top-up has this id."),
    "amount_invalid": (
        "Số tiền nạp phải là số nguyên dương trong giới hạn cho phép.",
        "The amount must be a positive whole number within the limits.",
    ),
    "insufficient_funds": (
        "Số dư ví không đủ; hãy nạp thêm tiền.",
        "The wallet balance is too low; top it up.",
    ),
    "payg_debt_outstanding": (
        "Ví đang nợ tiền các chuyến trước; hãy nạp tiền để trả trước khi đi tiếp.",
        "The wallet owes for earlier rides; top up to pay them before riding on.",
    ),
    "charge_not_found": ("Không có khoản phí nào cho hành trình này.", "No charge exists for this journey."),
    "journey_ref_reused": (
        "Hành trình này đã tính cho tài khoản khác.",
        "This journey was charged to another account.",
    ),
    "trip_not_found": ("Không có chuyến đi với mã này.", "No trip has this id."),
    # tickets
    "ticket_not_found": ("Không có vé với mã này trong tài khoản.", "No ticket with this id is yours."),
    "tickets_unavailable": (
        "Chưa cấu hình khóa phát hành vé. " + _SUPPORT_VI,
        "No ticket issuing key is set up. " + _SUPPORT_EN,
    ),
    "not_refundable": (
        "Vé đã dùng, hết hạn hoặc bị thu hồi thì không được hoàn tiền.",
        "A used, expired or revoked ticket cannot be refunded.",
    ),
    "already_refunded": ("Vé này đã được hoàn tiền trước đó.", "This ticket was refunded before."),
    "ticket_id_invalid": (
        "Mã vé gồm 12 ký tự Crockford base32.",
        "A ticket id is 12 Crockford base32 characters.",
    ),
    "ticket_id_reused": (
        "Mã vé đã dùng cho một vé khác; hãy để hệ thống tự tạo mã.",
        "This ticket id belongs to another ticket; let the system choose one.",
    ),
    "ticket_not_refundable": (
        "Vé không còn trong thời gian được hoàn tiền.",
        "The ticket is past the time it could be refunded.",
    ),
    "ticket_not_activatable": (
        "Chỉ vé kỳ tính từ lúc kích hoạt, chưa dùng và còn hạn kích hoạt mới kích hoạt được.",
        "Only an unused pass that starts on activation, within its window, can be activated.",
    ),
    "reason_required": (
        "Hãy ghi lý do; lý do được lưu trong lịch sử vé.",
        "Say why; it is kept in the history.",
    ),
    "valid_from_in_past": ("Hãy chọn thời điểm bắt đầu từ bây giờ trở đi.", "Choose a start from now on."),
    "valid_from_too_far": (
        "Vé chỉ bắt đầu trong vòng 62 ngày tới.",
        "A ticket starts within the next 62 days.",
    ),
    "no_signing_key": (
        "Không có khóa phát hành nào đang hiệu lực. " + _SUPPORT_VI,
        "No issuer key is active. " + _SUPPORT_EN,
    ),
    "issuer_key_unreadable": (
        "Không đọc được khóa phát hành; kiểm tra VEXE_KEY_ENCRYPTION_KEY.",
        "The issuer key cannot be read; check VEXE_KEY_ENCRYPTION_KEY.",
    ),
    "issuer_key_unknown": ("Không có khóa phát hành với kid này.", "No issuer key has this kid."),
    "kid_exists": ("Đã có khóa với kid này; hãy chọn kid khác.", "A key has this kid; choose another."),
    "kid_invalid": ("kid gồm chữ, số, gạch dưới và gạch ngang.", "A kid holds letters, digits, _ and -."),
    "key_window_invalid": (
        "Thời điểm hết hạn của khóa phải sau thời điểm bắt đầu.",
        "A key's end must come after its start.",
    ),
    "ticket_not_sold": ("Sổ cái không có giao dịch bán vé này.", "The ledger has no sale of this ticket."),
    "ticket_kind_mismatch": (
        "Thao tác này không áp dụng cho loại vé này.",
        "This action does not apply to this kind of ticket.",
    ),
    "ticket_still_valid": ("Vé còn hiệu lực nên chưa thể ghi nhận doanh thu.", "The ticket is still valid."),
    "ticket_used": ("Vé đã được sử dụng.", "The ticket was used."),
    "ticket_already_sold": ("Vé này thuộc một giao dịch bán khác.", "The ticket belongs to another sale."),
    "sale_empty": (_SUPPORT_VI, _SUPPORT_EN),
    # phone keys and QR
    "device_key_invalid": (
        "Khóa điện thoại phải là JWK công khai P-256 (kty EC, crv P-256, x, y).",
        "The phone key must be a P-256 public JWK (kty EC, crv P-256, x, y).",
    ),
    "device_key_id_reused": (
        "Mã khóa này đã gắn với khóa khác; hãy để hệ thống tự tạo mã.",
        "This key id holds another key; let the system choose one.",
    ),
    "device_key_exists": ("Khóa điện thoại này đã được đăng ký.", "This phone key is registered already."),
    "device_key_unknown": ("Không có khóa điện thoại với mã này.", "No phone key has this id."),
    "device_key_revoked": (
        "Khóa điện thoại đã bị thu hồi; hãy đăng ký khóa mới trên ứng dụng.",
        "The phone key is revoked; register a new one in the app.",
    ),
    "device_key_not_holders": (
        "Khóa điện thoại thuộc tài khoản khác.",
        "The phone key belongs to another account.",
    ),
    "qr_format_unknown": ("Ảnh QR có dạng PNG hoặc SVG.", "QR images are PNG or SVG."),
    "qr_dynamic": (
        "Vé gắn với điện thoại được hiển thị bằng ứng dụng, không bằng ảnh QR tĩnh.",
        "A phone-bound ticket is shown by the app, not as a still QR image.",
    ),
    "malformed": ("Mã QR không phải mã vé của hệ thống.", "The QR code is not one of our tickets."),
    "unknown_key": (
        "Vé được ký bằng khóa máy soát vé chưa biết.",
        "The ticket is signed with a key the reader does not know.",
    ),
    "unsupported_version": (
        "Phiên bản mã vé này không được hỗ trợ.",
        "This ticket code version is not supported.",
    ),
    "expired": ("Vé đã hết thời gian hiệu lực.", "The ticket's validity has ended."),
    "not_yet_valid": ("Vé chưa đến thời gian hiệu lực.", "The ticket's validity has not started."),
    "revoked": ("Vé đã bị thu hồi.", "The ticket was revoked."),
    "proof_required": (
        "Vé này phải được hiển thị từ ứng dụng trên điện thoại đã đăng ký.",
        "This ticket must be shown from the app on the registered phone.",
    ),
    "proof_invalid": ("Mã xác thực từ điện thoại không đúng.", "The phone's proof does not verify."),
    "proof_stale": (
        "Mã trên điện thoại đã cũ; hãy mở lại vé trong ứng dụng.",
        "The phone's code is out of date; open the ticket again in the app.",
    ),
    # readers (devices) and taps
    "enrolment_token_invalid": (
        "Mã đăng ký dùng một lần, có hạn 7 ngày; hãy cấp lại máy để có mã mới.",
        "An enrolment token works once within 7 days; provision the reader again for a new one.",
    ),
    "device_token_missing": (
        "Yêu cầu của máy soát vé phải có mã ký.",
        "A reader's request must carry its signed token.",
    ),
    "device_token_invalid": (
        "Mã ký của máy soát vé không đúng.",
        "The reader's signed token does not verify.",
    ),
    "device_token_expired": (
        "Mã ký đã hết hạn hoặc đồng hồ máy sai; hãy chỉnh giờ máy.",
        "The token expired or the reader's clock is wrong; set its clock.",
    ),
    "device_unknown": (
        "Máy soát vé chưa đăng ký hoặc đã bị khóa.",
        "The reader is not enrolled or is disabled.",
    ),
    "device_mismatch": ("Máy chỉ được dùng dữ liệu của chính mình.", "A reader may use only its own data."),
    "request_replayed": (
        "Yêu cầu này đã được dùng; hãy gửi yêu cầu mới.",
        "This request was used; send a new one.",
    ),
    "tap_batch_invalid": (
        "Lô dữ liệu sai định dạng nên bị từ chối toàn bộ; "
        "không lượt chạm nào bị mất, hãy gửi lại sau khi sửa.",
        "The batch is malformed and refused whole; nothing is lost, send it again once fixed.",
    ),
    "tap_batch_too_large": ("Hãy gửi tối đa 1.000 lượt chạm mỗi lô.", "Send at most 1,000 taps per batch."),
    "tap_conflict": (
        "Đã có một lượt chạm khác với cùng mã.",
        "A different tap with this id is already stored.",
    ),
    "sequence_conflict": (
        "Số thứ tự này đã thuộc về một lượt chạm khác.",
        "This sequence number belongs to another tap.",
    ),
    "device_exists": ("Mã máy này đã được đăng ký.", "This device id is registered already."),
    "device_not_found": ("Không có máy soát vé với mã này.", "No reader has this id."),
    "device_location": (
        "Máy soát vé đặt tại một điểm dừng hoặc trên một xe, không phải cả hai.",
        "A reader is at a stop or on a vehicle, not both.",
    ),
    "device_policy": ("Thông số của máy nằm ngoài giới hạn cho phép.", "A reader setting is out of range."),
    "stale_policy": (
        "Chính sách dữ liệu cũ là accept_and_flag hoặc reject.",
        "The stale-data policy is accept_and_flag or reject.",
    ),
    "public_key_invalid": (
        "Khóa công khai là khóa Ed25519 32 byte, mã hóa base64url.",
        "The public key is a 32-byte Ed25519 key in base64url.",
    ),
    "device_sync_unavailable": (
        "Đồng bộ máy soát vé tạm dừng. " + _AGAIN_VI,
        "Reader sync is paused. " + _AGAIN_EN,
    ),
    "unsupported_content_encoding": ("Chỉ nhận nội dung nén gzip.", "Only gzip bodies are accepted."),
    # HTTP edges: body bounds, JSON depth, feed uploads, staff accounts
    "body_too_large": (
        "Nội dung yêu cầu vượt giới hạn của địa chỉ này; hãy gửi ít dữ liệu hơn.",
        "The request body is over this address's bound; send less data.",
    ),
    "json_too_deep": (
        "Tài liệu JSON lồng nhau sâu hơn mức cho phép.",
        "The JSON document nests deeper than allowed.",
    ),
    "feed_unpacked_too_large": (
        "Tệp zip giải nén ra vượt giới hạn dung lượng; kiểm tra lại tệp GTFS.",
        "The zip unpacks to more than the allowed size; check the GTFS file.",
    ),
    "feed_too_many_entries": (
        "Tệp zip chứa nhiều tệp hơn mức cho phép; một bộ GTFS chỉ gồm các tệp .txt của nó.",
        "The zip holds more files than allowed; a GTFS feed holds only its .txt files.",
    ),
    "username_too_long": (
        "Tên đăng nhập dài quá mức cho phép.",
        "The username is longer than allowed.",
    ),
    "operator_invalid": (
        "Mã đơn vị vận hành bị trống: bỏ trường này hoặc ghi một agency_id.",
        "The operator id is empty: omit it or name an agency_id.",
    ),
    "operator_unknown": (
        "Đơn vị vận hành là một agency_id của bảng giá đang áp dụng (Hà Nội: HN_BUS, HANOI_METRO).",
        "An operator is an agency_id of the fare feed in force (Hanoi: HN_BUS, HANOI_METRO).",
    ),
    "stop_unknown": (
        "Điểm dừng phải là một stop_id của bảng giá đang áp dụng.",
        "The stop must be a stop_id of the fare feed in force.",
    ),
    "route_unknown": (
        "Tuyến phải là một route_id của đơn vị vận hành này trong bảng giá đang áp dụng.",
        "The route must be a route_id of this operator in the fare feed in force.",
    ),
    # ledger and settlement
    "exceeds_floor": ("Tài khoản sẽ xuống dưới mức tối thiểu.", "The account would go below its floor."),
    "transfer_id_reused": (
        "Mã bút toán đã dùng cho nội dung khác.",
        "This transfer id went with a different posting.",
    ),
    "ledger_write_conflict": (
        "Sổ cái vừa thay đổi đồng thời. " + _AGAIN_VI,
        "The books changed at the same moment. " + _AGAIN_EN,
    ),
    "pending_not_found": ("Không có bút toán tạm giữ này.", "No such pending transfer."),
    "pending_already_resolved": (
        "Bút toán tạm giữ đã được ghi hoặc hủy.",
        "The pending transfer was posted or voided.",
    ),
    "pending_expired": ("Bút toán tạm giữ đã hết hạn.", "The pending transfer has expired."),
    "amount_exceeds_pending": ("Số tiền vượt quá số đang tạm giữ.", "The amount is more than is held."),
    "currency_mismatch": ("Loại tiền của các bên không khớp.", "The currencies do not match."),
    "topup_not_recorded": ("Sổ cái không có lần nạp tiền này.", "The ledger has no such top-up."),
    "settlement_day_open": (
        "Chỉ quyết toán được ngày đã kết thúc theo giờ của mạng lưới.",
        "Only a day that has ended in the network's time can be settled.",
    ),
    "statement_not_found": (
        "Không có bảng quyết toán cho ngày này.",
        "No settlement statement exists for that day.",
    ),
    "naive_datetime": (_SUPPORT_VI, _SUPPORT_EN),
    "account_unknown": (_SUPPORT_VI, _SUPPORT_EN),
    "accounts_same": (_SUPPORT_VI, _SUPPORT_EN),
    "amount_not_integer": (_SUPPORT_VI, _SUPPORT_EN),
    "amount_not_positive": ("Số tiền phải lớn hơn 0.", "The amount must be more than 0."),
    "code_unknown": (_SUPPORT_VI, _SUPPORT_EN),
    "currency_unknown": ("Loại tiền này không được hỗ trợ.", "This currency is not supported."),
    "pending_id_required": (_SUPPORT_VI, _SUPPORT_EN),
    "pending_id_unexpected": (_SUPPORT_VI, _SUPPORT_EN),
    "timeout_required": (_SUPPORT_VI, _SUPPORT_EN),
    "timeout_unexpected": (_SUPPORT_VI, _SUPPORT_EN),
    "transfer_id_invalid": (_SUPPORT_VI, _SUPPORT_EN),
    # money movements
    "webhook_handling_failed": (
        "Sự kiện đã được lưu; việc áp dụng thất bại và sẽ được thử lại (cổng thanh toán gửi lại, "
        "hệ thống cũng tự thử lại).",
        "The event is stored; applying it failed and will be retried (the provider delivers it "
        "again, and the system retries on its own).",
    ),
    "wallet_cap_exceeded": (
        "Số dư ví cộng các lần nạp đang chờ thanh toán không được vượt 5.000.000 ₫; hãy nạp ít hơn "
        "hoặc chờ các lần nạp đang chờ hoàn tất hay hết hạn.",
        "The balance plus top-ups awaiting payment may not exceed 5.000.000 ₫; top up less, or wait "
        "for pending top-ups to complete or expire.",
    ),
    "payg_balance_too_low": (
        "Vé tài khoản chỉ được cấp khi ví đủ trả một chuyến đắt nhất; hãy nạp thêm tiền vào ví.",
        "The account ticket is issued only when the wallet covers the dearest single journey; top "
        "up the wallet.",
    ),
    # rider app (mobile_api/webapp)
    "app_header_required": (
        "Chỉ ứng dụng hành khách tại /app/ được gọi địa chỉ này (thiếu tiêu đề X-Vexe-App).",
        "Only the rider app at /app/ may call this address (the X-Vexe-App header is missing).",
    ),
    "app_file_not_found": (
        "Tệp này không có trong bản ứng dụng đang chạy; hãy tải lại trang.",
        "This file is not part of the app release being served; reload the page.",
    ),
    "app_not_built": (
        "Máy chủ chưa có bản dựng của ứng dụng; người vận hành cần chạy make assets-app.",
        "The server has no build of the app; the operator must run make assets-app.",
    ),
    "order_attempt_exists": (
        "Yêu cầu mua này đang được xử lý; gửi lại cùng khóa Idempotency-Key để xem kết quả.",
        "This purchase is already being placed; retry with the same Idempotency-Key for its answer.",
    ),
    # CCCD (chip ID) free riders
    "cccd_number_invalid": (
        "Nhập đủ 12 chữ số của số CCCD (có thể có dấu cách hoặc gạch ngang).",
        "Enter all 12 digits of the CCCD number (spaces or dashes are allowed).",
    ),
    "cccd_category_not_free": (
        "Chọn một đối tượng miễn phí vé: người cao tuổi, trẻ em dưới 6 tuổi, người khuyết tật,"
        " người có công, hộ nghèo.",
        "Choose a free-rider category: 60+, children under 6, people with disabilities,"
        " people with merit, poor households.",
    ),
    "cccd_not_configured": (
        "Quản trị viên cần đặt VEXE_CCCD_SECRET cho máy chủ.",
        "An administrator must set VEXE_CCCD_SECRET on the server.",
    ),
    # staff console
    "csrf_failed": (
        "Biểu mẫu thiếu mã bảo mật của phiên hoặc mã đã cũ; hãy tải lại trang rồi gửi lại.",
        "The form lacks the session's security token or it is stale; reload the page and send it again.",
    ),
    "exception_not_found": (
        "Không có ngoại lệ này, hoặc nó thuộc đơn vị vận hành khác.",
        "There is no such exception, or it belongs to another operator.",
    ),
    "exception_resolved": (
        "Ngoại lệ đã được xử lý; ghi chú xử lý không thay đổi.",
        "The exception is already resolved; its note stays as it is.",
    ),
    "note_required": (
        "Hãy ghi lý do hoặc cách xử lý trước khi gửi.",
        "Write the reason or what was done before sending.",
    ),
    "note_too_long": (
        "Ghi chú dài tối đa 500 ký tự.",
        "A note holds at most 500 characters.",
    ),
    "qr_not_a_ticket": (
        "Mã QR đọc được nhưng không phải vé do hệ thống phát hành, hoặc chữ ký không hợp lệ.",
        "The QR code was read but is not a ticket this system issued, or its signature is wrong.",
    ),
    "qr_not_found": (
        "Không đọc được mã QR trong ảnh; hãy chụp gần hơn, đủ sáng và không bị che.",
        "No QR code could be read in the photo; take it closer, well lit and uncovered.",
    ),
    "photo_too_large": (
        "Ảnh vượt quá giới hạn kích thước; hãy chụp lại với độ phân giải thấp hơn.",
        "The photo is over the size limit; take it again at a lower resolution.",
    ),
    "photo_unreadable": (
        "Tệp tải lên không phải ảnh đọc được (JPEG, PNG...).",
        "The upload is not a readable image (JPEG, PNG, ...).",
    ),
    "staff_not_found": (
        "Không có tài khoản nhân viên này.",
        "There is no such staff account.",
    ),
    "own_admin_role": (
        "Nhờ một quản trị viên khác đổi vai trò của bạn.",
        "Ask another admin to change your role.",
    ),
    "own_account": (
        "Nhờ một quản trị viên khác khóa tài khoản của bạn.",
        "Ask another admin to disable your account.",
    ),
}


def detail_for(code: str, language: str) -> str | None:
    pair = CODE_DETAILS.get(code)
    if pair is None:
        return None
    vi, en = pair
    return vi if language == "vi" else en
