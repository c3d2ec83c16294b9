"""The wallet: balance, top-ups through the gateway, and the pay-as-you-go charges with reasons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request
from sqlalchemy.exc import IntegrityError

from mobile_api import settings as limits
from mobile_api.deps import RiderDep, language
from mobile_api.feed import current_feed
from mobile_api.ports import issuer_keys, purchase_ports
from mobile_api.schemas.orders import PaymentOut
from mobile_api.schemas.wallet import (
    AccountTicketIn,
    AccountTicketOut,
    ChargeOut,
    ChargePage,
    TopupIn,
    TopupOut,
    WalletOut,
)
from ticketing.core.errors import Rejected
from ticketing.core.money import format_amount
from ticketing.fares.feed import Feed
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.payments import PaymentView, confirm_sandbox_payment, get_payment
from ticketing.service.riders import idempotency, payg, wallet
from ticketing.service.riders.account_ticket import account_ticket
from ticketing.service.riders.paging import check_cursor
from ticketing.service.riders.payg_adjust import outstanding_debt

router = APIRouter(prefix="/v1/wallet", tags=["rider: wallet"])
TopupId = Annotated[str, Path(max_length=26)]


def wallet_currency(feed: Feed) -> str:
    currencies = sorted({row.currency for rows in feed.products.values() for row in rows})
    return currencies[0] if currencies else "VND"


def _payment_out(topup: wallet.TopupView, payment: PaymentView | None) -> PaymentOut:
    return PaymentOut(
        payment_id=topup.payment_id,
        provider=payment.provider if payment else None,
        status=payment.status if payment else "unknown",
        amount_minor=topup.amount_minor,
        currency=topup.currency,
        client_secret=payment.client_secret if payment else None,
        sandbox_confirm_url=(
            f"/v1/wallet/topups/{topup.topup_id}/sandbox-confirm"
            if payment is not None and payment.provider == "sandbox"
            else None
        ),
    )


def topup_out(topup: wallet.TopupView, payment: PaymentView | None) -> TopupOut:
    return TopupOut(
        topup_id=topup.topup_id,
        status=topup.status,
        amount_minor=topup.amount_minor,
        currency=topup.currency,
        created_at=topup.created_at,
        credited_at=topup.credited_at,
        payment=_payment_out(topup, payment),
    )


def charge_out(view: payg.ChargeView, lang: str) -> ChargeOut:
    return ChargeOut(
        charge_id=view.charge_id,
        journey_ref=view.journey_ref,
        operator_id=view.operator_id,
        fare_product_id=view.fare_product_id,
        base_minor=view.base_minor,
        charged_minor=view.charged_minor,
        currency=view.currency,
        caps_applied=list(view.cap_ids),
        explanation=list(view.explanation_vi if lang == "vi" else view.explanation_en),
        travelled_at=view.travelled_at,
        status=view.status,
        incomplete=view.incomplete,
    )


@router.get(
    "",
    response_model=WalletOut,
    responses=problem_responses(401, 503),
    summary="Balance, recent top-ups and recent pay-as-you-go charges",
)
async def read_wallet(request: Request, rider: RiderDep, runtime: RuntimeDep) -> WalletOut:
    lang = language(request)
    async with runtime.unit_of_work() as uow:
        currency = wallet_currency(await current_feed(uow.session, runtime.clock))
        balance = await wallet.balance(uow.session, rider.rider_id, currency)
        topups = await wallet.list_topups(uow.session, rider.rider_id)
        payments = [await get_payment(uow.session, t.payment_id) for t in topups]
        charges = await payg.list_charges(uow.session, rider.rider_id, limit=5)
        owed = await outstanding_debt(uow.session, rider.rider_id)
    return WalletOut(
        currency=currency,
        balance_minor=balance,
        balance_display=format_amount(balance, currency),
        owed_minor=owed,
        recent_topups=[topup_out(t, p) for t, p in zip(topups, payments, strict=True)],
        recent_charges=[charge_out(c, lang) for c in charges],
    )


@router.get(
    "/charges",
    response_model=ChargePage,
    responses=problem_responses(401, 422),
    summary="Pay-as-you-go charges, newest first, each with its explanation",
)
async def list_charges(
    request: Request,
    rider: RiderDep,
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> ChargePage:
    async with runtime.unit_of_work() as uow:
        rows = await payg.list_charges(
            uow.session, rider.rider_id, before_id=check_cursor(cursor), limit=limit + 1
        )
    lang = language(request)
    return ChargePage(
        items=[charge_out(c, lang) for c in rows[:limit]],
        next=rows[limit - 1].charge_id if len(rows) > limit else None,
    )


@router.post(
    "/topups",
    response_model=TopupOut,
    status_code=201,
    responses=problem_responses(400, 401, 402, 409, 422, 503),
    summary="Top up the wallet; retry with the same Idempotency-Key to get the same top-up",
)
async def create_topup(
    body: TopupIn,
    rider: RiderDep,
    runtime: RuntimeDep,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=255, description="Any unique string per top-up attempt, e.g. a UUID; "
                                           "a retry with it returns the same top-up"),
    ] = None,
) -> TopupOut:
    ports = purchase_ports(runtime)
    key = idempotency.check_key(idempotency_key) if idempotency_key is not None else None
    async with runtime.unit_of_work() as uow:
        currency = wallet_currency(await current_feed(uow.session, runtime.clock))
    try:
        topup, payment = await wallet.start_topup(
            runtime.unit_of_work, runtime.clock, ports.payments, rider_id=rider.rider_id,
            amount_minor=body.amount_minor, currency=currency, handlers=ports.handlers,
            idempotency_key=key,
        )
    except IntegrityError:  # a concurrent retry of the same attempt wrote it first: the same top-up
        topup, payment = await wallet.start_topup(
            runtime.unit_of_work, runtime.clock, ports.payments, rider_id=rider.rider_id,
            amount_minor=body.amount_minor, currency=currency, handlers=ports.handlers,
            idempotency_key=key,
        )
    return topup_out(topup, payment)


@router.post(
    "/topups/{topup_id}/sandbox-confirm",
    response_model=TopupOut,
    responses=problem_responses(400, 401, 404, 422, 503),
    summary="Complete a sandbox top-up payment (sandbox provider only)",
)
async def confirm_topup(topup_id: TopupId, rider: RiderDep, runtime: RuntimeDep) -> TopupOut:
    ports = purchase_ports(runtime)
    async with runtime.unit_of_work() as uow:
        topup = await wallet.get_topup(uow.session, rider.rider_id, topup_id)
        if ports.payments.name != "sandbox":
            raise Rejected("sandbox_only", "this server takes real payments; use the card sheet")
        await confirm_sandbox_payment(uow.session, runtime.clock, ports.payments,
                                      payment_id=topup.payment_id, handlers=ports.handlers)
    async with runtime.unit_of_work() as uow:
        topup = await wallet.get_topup(uow.session, rider.rider_id, topup_id)
        payment = await get_payment(uow.session, topup.payment_id)
    return topup_out(topup, payment)


@router.post(
    "/account-ticket",
    response_model=AccountTicketOut,
    responses=problem_responses(400, 401, 404, 422, 503),
    summary="The pay-as-you-go account ticket (journeys charged to the wallet); idempotent. Needs a "
    "wallet balance of at least the highest single fare (400 payg_balance_too_low)",
)
async def get_account_ticket(body: AccountTicketIn, rider: RiderDep, runtime: RuntimeDep) -> AccountTicketOut:
    keyring = issuer_keys(runtime)
    async with runtime.unit_of_work() as uow:
        ticket = await account_ticket(
            uow.session, runtime.clock, keyring, rider_id=rider.rider_id, device_key_id=body.device_key_id,
            min_balance_minor=runtime.payg_min_balance_minor,
        )
    return AccountTicketOut(
        ticket_id=ticket.ticket_id,
        code=ticket.code,
        fare_product_id=ticket.fare_product_id,
        rider_category_id=ticket.rider_category_id,
        valid_from=ticket.valid_from,
        valid_until=ticket.valid_until,
        device_key_id=ticket.device_key_id,
        status=ticket.status,
        ticket_url=f"/v1/tickets/{ticket.ticket_id}",
    )
