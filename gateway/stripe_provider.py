"""Stripe through an explicit ``stripe.StripeClient`` (key, API base, pinned version).

Never touches the global ``stripe.api_key``. Idempotency keys come from our ids, so a retried
create or refund is answered by Stripe with the first result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import stripe

from gateway.amounts import from_stripe_amount, to_stripe_amount
from gateway.port import (
    BalanceTransaction,
    PaymentDeclined,
    PaymentStatus,
    ProviderDispute,
    ProviderError,
    ProviderPayment,
    ProviderPayout,
    ProviderRefund,
)

T = TypeVar("T")

_STATUS: dict[str, PaymentStatus] = {
    "requires_payment_method": "requires_confirmation",
    "requires_confirmation": "requires_confirmation",
    "requires_action": "requires_action",
    "processing": "processing",
    "requires_capture": "processing",
    "succeeded": "succeeded",
    "canceled": "canceled",
}


def _plain(obj: Any) -> Any:
    """The library's typed object as plain dicts and lists."""
    return obj.to_dict()


def _id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value["id"])


class StripeProvider:
    name = "stripe"

    def __init__(
        self, api_key: str, *, api_base: str | None = None, api_version: str = "2024-06-20",
        max_network_retries: int = 2, timeout_s: float = 20.0,
    ) -> None:
        bases: Any = {"api": api_base} if api_base else None
        self._http = stripe.AIOHTTPClient(timeout=timeout_s)
        self._client = stripe.StripeClient(
            api_key, base_addresses=bases, stripe_version=api_version,
            max_network_retries=max_network_retries, http_client=self._http,
        )

    async def _call(self, fn: Callable[[], Awaitable[T]]) -> T:
        try:
            return await fn()
        except stripe.CardError as exc:
            raise PaymentDeclined(str(exc.code or "card_declined"), str(exc.user_message or exc)) from None
        except stripe.InvalidRequestError as exc:
            raise ProviderError("provider_invalid_request", str(exc.user_message or exc)) from None
        except stripe.StripeError as exc:
            raise ProviderError("provider_unavailable", str(exc.user_message or exc)) from None

    def _payment(self, obj: Any) -> ProviderPayment:
        pi = _plain(obj)
        currency = str(pi["currency"]).upper()
        raw_status = str(pi["status"])
        status: PaymentStatus = _STATUS.get(raw_status, "processing")
        error = pi.get("last_payment_error")
        failure_code: str | None = None
        if isinstance(error, dict):
            failure_code = str(error.get("decline_code") or error.get("code") or "payment_failed")[:64]
        if raw_status == "requires_payment_method" and error:
            status = "failed"
        metadata = {str(k): str(v) for k, v in dict(pi.get("metadata") or {}).items()}
        return ProviderPayment(
            provider_payment_id=str(pi["id"]), status=status,
            amount_minor=from_stripe_amount(int(pi["amount"]), currency), currency=currency,
            client_secret=pi.get("client_secret"), charge_id=_id(pi.get("latest_charge")),
            metadata=metadata, failure_code=failure_code,
        )

    async def create_payment(
        self, *, idempotency_key: str, amount_minor: int, currency: str, description: str,
        metadata: dict[str, str], payment_method: str | None = None, confirm: bool = False,
    ) -> ProviderPayment:
        params: dict[str, Any] = {
            "amount": to_stripe_amount(amount_minor, currency),
            "currency": currency.lower(),
            "payment_method_types": ["card"],
            "metadata": {**metadata, "description": description[:200]},
        }
        if payment_method is not None:
            params["payment_method"] = payment_method
            params["confirm"] = confirm
        pi = await self._call(lambda: self._client.v1.payment_intents.create_async(
            params, {"idempotency_key": idempotency_key}))  # type: ignore[arg-type]
        return self._payment(pi)

    async def confirm_with_method(self, provider_payment_id: str, payment_method: str) -> ProviderPayment:
        """Server-side confirmation with a saved or test method: set the method, then confirm."""
        await self._call(lambda: self._client.v1.payment_intents.update_async(
            provider_payment_id, {"payment_method": payment_method}))
        pi = await self._call(lambda: self._client.v1.payment_intents.confirm_async(provider_payment_id))
        return self._payment(pi)

    async def cancel_payment(self, provider_payment_id: str) -> ProviderPayment:
        current = await self.fetch_payment(provider_payment_id)
        if current.status == "canceled":
            return current
        pi = await self._call(lambda: self._client.v1.payment_intents.cancel_async(provider_payment_id))
        return self._payment(pi)

    async def fetch_payment(self, provider_payment_id: str) -> ProviderPayment:
        pi = await self._call(lambda: self._client.v1.payment_intents.retrieve_async(provider_payment_id))
        return self._payment(pi)

    async def fee_for(self, provider_payment_id: str) -> int:
        payment = await self.fetch_payment(provider_payment_id)
        if payment.charge_id is None:
            return 0
        charge_id = payment.charge_id
        charge = _plain(await self._call(lambda: self._client.v1.charges.retrieve_async(charge_id)))
        txn_id = _id(charge.get("balance_transaction"))
        if txn_id is None:
            return 0
        txn = _plain(await self._call(
            lambda: self._client.v1.balance_transactions.retrieve_async(txn_id)))
        return from_stripe_amount(int(txn.get("fee") or 0), str(txn["currency"]).upper())

    def _refund(self, obj: Any) -> ProviderRefund:
        refund = _plain(obj)
        currency = str(refund["currency"]).upper()
        return ProviderRefund(
            provider_refund_id=str(refund["id"]),
            provider_payment_id=str(_id(refund.get("payment_intent")) or ""),
            amount_minor=from_stripe_amount(int(refund["amount"]), currency), currency=currency,
            status=str(refund["status"]),
        )

    async def refund(
        self, *, idempotency_key: str, provider_payment_id: str, amount_minor: int,
        metadata: dict[str, str],
    ) -> ProviderRefund:
        payment = await self.fetch_payment(provider_payment_id)
        params: dict[str, Any] = {
            "payment_intent": provider_payment_id,
            "amount": to_stripe_amount(amount_minor, payment.currency),
            "metadata": metadata,
        }
        refund = await self._call(lambda: self._client.v1.refunds.create_async(
            params, {"idempotency_key": idempotency_key}))  # type: ignore[arg-type]
        return self._refund(refund)

    async def fetch_refund(self, provider_refund_id: str) -> ProviderRefund:
        refund = await self._call(lambda: self._client.v1.refunds.retrieve_async(provider_refund_id))
        return self._refund(refund)

    async def fetch_dispute(self, dispute_id: str) -> ProviderDispute:
        d = _plain(await self._call(lambda: self._client.v1.disputes.retrieve_async(dispute_id)))
        currency = str(d["currency"]).upper()
        fee = sum((int(t.get("fee") or 0) for t in (d.get("balance_transactions") or [])), 0)
        return ProviderDispute(
            dispute_id=str(d["id"]), provider_payment_id=str(_id(d.get("payment_intent")) or ""),
            amount_minor=from_stripe_amount(int(d["amount"]), currency), currency=currency,
            status=str(d["status"]), fee_minor=from_stripe_amount(fee, currency),
        )

    async def fetch_payout(self, payout_id: str) -> ProviderPayout:
        p = _plain(await self._call(lambda: self._client.v1.payouts.retrieve_async(payout_id)))
        currency = str(p["currency"]).upper()
        return ProviderPayout(
            payout_id=str(p["id"]), amount_minor=from_stripe_amount(int(p["amount"]), currency),
            currency=currency, status=str(p["status"]),
        )

    async def list_balance_transactions(
        self, *, created_from: datetime, created_until: datetime
    ) -> list[BalanceTransaction]:
        """Newest first from Stripe; pages until older than ``created_from``. Filtering on our
        side keeps this working against localstripe, which accepts no ``created`` filter."""
        found: list[BalanceTransaction] = []
        after: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 100}
            if after:
                params["starting_after"] = after
            page = await self._call(
                lambda p=params: self._client.v1.balance_transactions.list_async(p))  # type: ignore[misc]
            items = [_plain(t) for t in page.data]
            for t in items:
                created = datetime.fromtimestamp(int(t["created"]), UTC)
                if created_from <= created < created_until:
                    currency = str(t["currency"]).upper()
                    found.append(BalanceTransaction(
                        id=str(t["id"]), type=str(t["type"]), source=str(_id(t.get("source")) or ""),
                        amount_minor=from_stripe_amount(int(t["amount"]), currency),
                        fee_minor=from_stripe_amount(int(t.get("fee") or 0), currency),
                        currency=currency, created_at=created,
                    ))
            if not items or not page.has_more:
                break
            if datetime.fromtimestamp(int(items[-1]["created"]), UTC) < created_from:
                break
            after = str(items[-1]["id"])
        return found

    async def aclose(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]
