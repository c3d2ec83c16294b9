"""Area wirings: each takes settings and the runtime and fills that area's typed port fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketing.runtime import Runtime
    from vexe.settings import Settings

Wiring = Callable[["Settings", "Runtime"], None]

PORT_WIRINGS: list[Wiring] = []


def _wire_riders(settings: Settings, runtime: Runtime) -> None:
    """Rider refresh-token lifetime, and the rider area's payment-succeeded handlers ("order":
    issue the tickets and book the sale; "wallet_topup": credit the wallet). The order handler
    reads ``runtime.issuer_keys`` when it runs, so wiring order does not matter."""
    from ticketing.service.riders.payment_handlers import rider_payment_handlers

    runtime.rider_refresh_ttl_s = settings.refresh_token_ttl_s
    runtime.payg_min_balance_minor = settings.payg_min_balance_minor
    runtime.payment_handlers = rider_payment_handlers(lambda: runtime.issuer_keys)


PORT_WIRINGS.append(_wire_riders)


def _wire_payments(settings: Settings, runtime: Runtime) -> None:
    """``runtime.payments``: the PaymentProvider chosen by VEXE_PAYMENTS_PROVIDER;
    ``runtime.payments_webhook_secret``: the Stripe webhook signing secret (or None,
    which disables the webhook endpoint)."""
    from gateway.sandbox import SandboxProvider

    if settings.payments_provider == "stripe":
        from gateway.stripe_provider import StripeProvider  # the Stripe SDK only when used

        if settings.stripe_api_key is None:
            raise ValueError("VEXE_STRIPE_API_KEY is required when VEXE_PAYMENTS_PROVIDER=stripe")
        runtime.payments = StripeProvider(
            settings.stripe_api_key.get_secret_value(), api_base=settings.stripe_api_base,
            api_version=settings.stripe_api_version,
        )
    else:
        runtime.payments = SandboxProvider(runtime.clock)
    secret = settings.stripe_webhook_secret
    runtime.payments_webhook_secret = secret.get_secret_value() if secret else None


PORT_WIRINGS.append(_wire_payments)


def _wire_devices(settings: Settings, runtime: Runtime) -> None:
    """Device sync: snapshot sources (issuer JWKS, deny-list, fare tables) and tap effects
    (deny-list, singles used, ledger rides). Taps are processed inline after each upload unless
    ``VEXE_TAP_PROCESSING=worker`` leaves them to ``vexe worker``."""
    from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects

    runtime.snapshot_sources = ServiceSnapshotSources(runtime.clock)
    runtime.tap_effects = ServiceTapEffects()
    runtime.inline_tap_processing = settings.tap_processing == "inline"


PORT_WIRINGS.append(_wire_devices)


def _wire_tickets(settings: Settings, runtime: Runtime) -> None:
    """``runtime.issuer_keys``: the ticket issuer key ring.

    With VEXE_KEY_ENCRYPTION_KEY, private keys live in the database encrypted under it; in
    production that is the only way, and keys are never generated silently (``vexe keys create``).
    Without it (embedded default only) keys are PEM files with mode 0600 under
    ``<VEXE_DATA_DIR>/keys/tickets`` and a first key is generated on first use.
    """
    from ticketing.service.tickets import EncryptedVault, FileVault, IssuerKeyRing

    files = FileVault(settings.keys_dir / "tickets")
    kek = settings.key_encryption_key.get_secret_value() if settings.key_encryption_key else ""
    if kek:
        ring = IssuerKeyRing(
            EncryptedVault(kek),
            auto_create=not settings.is_production,
            readable=() if settings.is_production else (files,),
        )
    elif settings.is_production:
        raise ValueError("VEXE_KEY_ENCRYPTION_KEY is required in production")
    else:
        ring = IssuerKeyRing(files, auto_create=True)
    runtime.issuer_keys = ring


PORT_WIRINGS.append(_wire_tickets)


def _wire_tap_stream(settings: Settings, runtime: Runtime) -> None:
    """``runtime.tap_stream``: the stream that fans stored tap batches out to
    ``vexe worker`` consumers — Redis Streams with VEXE_REDIS_URL, otherwise in-process (one
    process; inline processing is then the normal mode)."""
    from ticketing.cache.tap_stream_memory import MemoryTapBatchStream
    from ticketing.cache.tap_stream_redis import RedisTapBatchStream

    if settings.redis_url:
        runtime.tap_stream = RedisTapBatchStream.from_url(settings.redis_url)
    else:
        runtime.tap_stream = MemoryTapBatchStream(maxlen=10_000)


PORT_WIRINGS.append(_wire_tap_stream)
