"""Worked examples A1–A9 (reference semantics of fare_transfer_type and unknown fares)."""

from __future__ import annotations

import pytest

from tests.unit.fares.kit import leg, make_feed, quote

ROUTES = """
route_id,agency_id,route_type,network_id
rA,A,3,nA
rB,A,3,nB
rC,A,3,nC
"""
STOPS = """
stop_id,stop_name
s1,One
s2,Two
s3,Three
s4,Four
"""
PRODUCTS = """
fare_product_id,amount,currency
pA,2.00,USD
pB,3.00,USD
pC,5.00,USD
pAB,0.50,USD
pBC,0.70,USD
"""
LEG_RULES = """
leg_group_id,network_id,fare_product_id
gA,nA,pA
gB,nB,pB
gC,nC,pC
"""


def feed(transfers: str):  # type: ignore[no-untyped-def]
    return make_feed(
        routes=ROUTES,
        stops=STOPS,
        fare_products=PRODUCTS,
        fare_leg_rules=LEG_RULES,
        fare_transfer_rules=transfers,
    )


def two(t: int, product: str = "pAB") -> str:
    return f"""
    from_leg_group_id,to_leg_group_id,fare_transfer_type,fare_product_id
    gA,gB,{t},{product}
    """


def three(t: int) -> str:
    return f"""
    from_leg_group_id,to_leg_group_id,fare_transfer_type,fare_product_id
    gA,gB,{t},pAB
    gB,gC,{t},pBC
    """


AB = (leg("rA", "s1", "s2", "2026-03-10 10:00"), leg("rB", "s2", "s3", "2026-03-10 10:20"))
ABC = (*AB, leg("rC", "s3", "s4", "2026-03-10 10:40"))


@pytest.mark.parametrize(("case", "kind", "total"), [("A1", 0, 250), ("A2", 1, 550), ("A3", 2, 50)])
def test_two_legs_by_transfer_type(case: str, kind: int, total: int) -> None:
    q = quote(feed(two(kind)), *AB)
    assert q.total_minor == total, case
    assert q.total_minor == sum(x.amount_minor or 0 for x in q.legs) + sum(
        t.amount_minor or 0 for t in q.transfers
    )
    assert [t.rule for t in q.transfers] == ["fare_transfer_rules.txt:2"]


@pytest.mark.parametrize(
    ("case", "kind", "total"),
    [("A4", 0, 200 + 50 + 70), ("A5", 1, 200 + 50 + 300 + 70 + 500), ("A6", 2, 50 + 70)],
)
def test_three_legs_by_transfer_type(case: str, kind: int, total: int) -> None:
    assert quote(feed(three(kind)), *ABC).total_minor == total, case


def test_a7_empty_transfer_product_costs_nothing() -> None:
    q = quote(feed(two(0, "")), *AB)
    assert q.total_minor == 200
    assert q.transfers[0].fare_product_id is None
    assert q.transfers[0].amount_minor == 0


def test_a8_transfer_rules_are_directional() -> None:
    backwards = (leg("rB", "s1", "s2", "2026-03-10 10:00"), leg("rA", "s2", "s3", "2026-03-10 10:20"))
    q = quote(feed(two(2)), *backwards)
    assert q.transfers == ()
    assert q.total_minor == 300 + 200


def test_a9_leg_without_rule_is_unknown_not_zero() -> None:
    f = make_feed(
        routes=ROUTES,
        stops=STOPS,
        fare_products=PRODUCTS,
        fare_leg_rules="leg_group_id,network_id,fare_product_id\ngA,nA,pA\n",
    )
    q = quote(f, *AB)
    assert q.legs[0].amount_minor == 200
    assert q.legs[1].amount_minor is None
    assert q.legs[1].reason == "no_matching_rule"
    assert q.complete is False
    assert q.total_minor is None
