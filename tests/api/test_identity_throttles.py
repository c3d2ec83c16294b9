"""Login and registration throttles hold for every spelling of one identity (spaces, case,
full-width characters, phone formats) and per client address — on Redis and the embedded store."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import make_staff
from ticketing.cache.port import KeyValueStore
from ticketing.runtime import Runtime
from ticketing.service.riders.identifiers import normalize_phone, throttle_identity

LOGIN = "/v1/ops/auth/login"
STAFF_VARIANTS = [" aud  ", "AUD", "Aud", "ａｕｄ", "\u3000aud", "ＡＵＤ ", "aud\t", " aUd", "aud", "AUD  "]
PHONE_VARIANTS = [
    "+84912345678", "84912345678", "+84 91 234 5678", "091 234 5678", "０９１２３４５６７８",
    "0084912345678", "(+84) 912-345-678", "912345678", " 0912.345.678 ", "+84 (0) 912 345 678",
]
EMAIL_VARIANTS = [
    " rider@example.vn", "RIDER@EXAMPLE.VN", "Rider@Example.vn ", "ｒｉｄｅｒ@example.vn",
    "rider@ＥＸＡＭＰＬＥ.vn", "\u3000rider@example.vn", "rIDER@example.VN", "rider@example.vn",
    "RIDER@example.vn", " RIDER@example.vn ",
]


@pytest.mark.slow  # a dozen argon2 hashes
async def test_staff_login_limit_holds_for_every_spelling(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    await make_staff(runtime, "aud", role="auditor", password="dung-mat-khau-1")
    ok = await client.post("/v1/ops/auth/login", json={"username": " aud  ", "password": "dung-mat-khau-1"})
    assert ok.status_code == 200  # the lookup strips: " aud  " is the account "aud"
    wrong = [
        (await client.post(LOGIN, json={"username": v, "password": "sai-mat-khau"})).status_code
        for v in STAFF_VARIANTS[:9]
    ]
    assert wrong == [401] * 9  # ten attempts with the successful one
    for variant in STAFF_VARIANTS:
        held = await client.post(LOGIN, json={"username": variant, "password": "dung-mat-khau-1"})
        assert held.status_code == 429, variant
        assert held.json()["code"] == "rate_limited"


@pytest.mark.slow  # thirty argon2 checks
async def test_staff_login_is_limited_per_client_address(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    codes = [
        (await client.post("/v1/ops/auth/login", json={"username": f"u{i}", "password": "x"})).status_code
        for i in range(31)
    ]
    assert codes == [401] * 30 + [429]


async def register_phone(client: httpx.AsyncClient, phone: str, password: str) -> None:
    response = await client.post("/v1/auth/register", json={"phone": phone, "password": password})
    assert response.status_code == 201, response.text


@pytest.mark.slow  # a dozen argon2 hashes
async def test_rider_phone_login_limit_holds_for_every_spelling(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    await register_phone(client, "0912345678", "dung-mat-khau-1")
    for variant in PHONE_VARIANTS:  # every spelling finds the account...
        assert normalize_phone(variant) == "+84912345678", variant
    wrong = [
        (await client.post("/v1/auth/login", json={"phone": v, "password": "sai-mat-khau"})).status_code
        for v in PHONE_VARIANTS
    ]
    assert wrong == [401] * 10
    for variant in [*PHONE_VARIANTS, "0912345678"]:  # ...and every spelling is held
        held = await client.post("/v1/auth/login", json={"phone": variant, "password": "dung-mat-khau-1"})
        assert held.status_code == 429, variant


@pytest.mark.slow  # a dozen argon2 hashes
async def test_rider_email_login_limit_holds_for_every_spelling(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    created = await client.post(
        "/v1/auth/register", json={"email": "rider@example.vn", "password": "dung-mat-khau-1"}
    )
    assert created.status_code == 201
    wrong = [
        (await client.post("/v1/auth/login", json={"email": v, "password": "sai-mat-khau"})).status_code
        for v in EMAIL_VARIANTS
    ]
    assert wrong == [401] * 10
    for variant in EMAIL_VARIANTS:
        held = await client.post("/v1/auth/login", json={"email": variant, "password": "dung-mat-khau-1"})
        assert held.status_code == 429, variant


@pytest.mark.slow  # a dozen argon2 hashes
async def test_registration_is_limited_per_identity(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    await register_phone(client, "0987654321", "dung-mat-khau-1")
    spellings = ["+84987654321", "84 98 765 4321", "０９８７６５４３２１", "098-765-4321", "0084987654321"]
    codes = [
        (await client.post("/v1/auth/register", json={"phone": s, "password": "mat-khau-moi-1"})).status_code
        for s in spellings * 2
    ]
    assert codes == [409] * 9 + [429]  # the first registration counted too


@pytest.mark.parametrize(
    ("email", "phone", "key"),
    [
        (" A@B.VN ", None, "email:a@b.vn"),
        (None, "０９１２３４５６７８", "phone:+84912345678"),
        ("not an e-mail", None, "email?:not an e-mail"),
        (None, " ＡＢＣ 12 ", "phone?:abc12"),
    ],
)
def test_throttle_identity_folds_valid_and_invalid_spellings(
    email: str | None, phone: str | None, key: str
) -> None:
    assert throttle_identity(email, phone) == key
