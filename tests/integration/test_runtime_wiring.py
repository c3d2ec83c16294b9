"""The composition root fills every typed port of the runtime; payment handlers are injected."""

from __future__ import annotations

from pathlib import Path

from gateway.sandbox import SandboxProvider
from ticketing.service.payments import PaymentHandlers
from ticketing.service.tickets import IssuerKeyRing
from vexe.container import build_runtime
from vexe.settings import Settings


async def test_build_runtime_wires_every_port(tmp_path: Path) -> None:
    runtime = build_runtime(Settings(data_dir=tmp_path))
    try:
        assert isinstance(runtime.payments, SandboxProvider)
        assert runtime.payments_webhook_secret is None
        assert isinstance(runtime.issuer_keys, IssuerKeyRing)
        assert runtime.snapshot_sources is not None
        assert runtime.tap_effects is not None
        assert runtime.tap_stream is not None
        assert runtime.inline_tap_processing is True
        assert runtime.rider_refresh_ttl_s == Settings(data_dir=tmp_path).refresh_token_ttl_s
        assert set(runtime.payment_handlers.succeeded) == {"order", "wallet_topup"}
        assert set(runtime.payment_handlers.failed) == {"order", "wallet_topup"}
    finally:
        await runtime.aclose()


async def test_two_runtimes_do_not_share_payment_handlers(tmp_path: Path) -> None:
    """No module-level registry: each runtime holds its own handlers, built at wiring time."""
    first = build_runtime(Settings(data_dir=tmp_path / "a"))
    second = build_runtime(Settings(data_dir=tmp_path / "b"))
    try:
        assert first.payment_handlers.succeeded["order"] is not second.payment_handlers.succeeded["order"]
    finally:
        await first.aclose()
        await second.aclose()


def test_replacing_one_handler_leaves_the_original_untouched() -> None:
    async def original(*_: object) -> None: ...

    async def stand_in(*_: object) -> None: ...

    handlers = PaymentHandlers(succeeded={"order": original})
    replaced = handlers.replacing("order", succeeded=stand_in)
    assert replaced.succeeded["order"] is stand_in
    assert handlers.succeeded["order"] is original


async def test_worker_mode_is_wired_from_settings(tmp_path: Path) -> None:
    runtime = build_runtime(Settings(data_dir=tmp_path, tap_processing="worker"))
    try:
        assert runtime.inline_tap_processing is False
    finally:
        await runtime.aclose()
