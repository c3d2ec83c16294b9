"""fare_transfer_rules details: the four duration_limit_types, transfer_count, empty leg groups."""

from __future__ import annotations

import pytest

from tests.unit.fares.kit import leg, make_feed, quote
from ticketing.fares.feed import Feed

BASE: dict[str, str] = dict(
    routes="route_id,agency_id,route_type,network_id\nrA,A,3,nA\nrB,A,3,nB\nrC,A,3,nC\n",
    stops="stop_id,stop_name\ns1,1\ns2,2\n",
    fare_products="fare_product_id,amount,currency\npA,2.00,USD\npB,3.00,USD\npC,4.00,USD\nx,0.10,USD\ny,0.20,USD\n",
    fare_leg_rules="leg_group_id,network_id,fare_product_id\ngA,nA,pA\ngB,nB,pB\ngC,nC,pC\n",
)
HEADER = (
    "from_leg_group_id,to_leg_group_id,transfer_count,duration_limit,duration_limit_type,fare_transfer_type,"
    "fare_product_id\n"
)


def feed(rules: str) -> Feed:
    return make_feed(**BASE, fare_transfer_rules=HEADER + rules)


# A: 10:00 -> 10:40, B: 10:50 -> 11:30. dep->arr 90 min, dep->dep 50, arr->dep 10, arr->arr 50.
A_THEN_B = (
    leg("rA", "s1", "s2", "2026-03-10 10:00", "2026-03-10 10:40"),
    leg("rB", "s2", "s1", "2026-03-10 10:50", "2026-03-10 11:30"),
)


@pytest.mark.parametrize(
    ("limit_s", "kind", "applies"),
    [
        (3000, 0, False),
        (5400, 0, True),
        (3000, 1, True),
        (2999, 1, False),
        (600, 2, True),
        (599, 2, False),
        (3000, 3, True),
        (2999, 3, False),
    ],
)
def test_duration_limit_types(limit_s: int, kind: int, applies: bool) -> None:
    q = quote(feed(f"gA,gB,,{limit_s},{kind},2,x\n"), *A_THEN_B)
    assert q.total_minor == (10 if applies else 500)


def test_finite_transfer_count() -> None:
    f = feed("gA,gA,1,,,0,\n")
    legs = [leg("rA", "s1", "s2", f"2026-03-10 10:{m:02d}") for m in (0, 10, 20, 30)]
    q = quote(f, *legs)
    # one transfer allowed per run: A (+free) , then a new run: A (+free)
    assert [x.amount_minor for x in q.legs] == [200, 0, 200, 0]
    assert [(t.from_index, t.to_index) for t in q.transfers] == [(0, 1), (2, 3)]


def test_smallest_sufficient_transfer_count_is_used() -> None:
    f = feed("gA,gA,1,,,1,x\ngA,gA,-1,,,1,y\n")
    legs = [leg("rA", "s1", "s2", f"2026-03-10 10:{m:02d}") for m in (0, 10, 20)]
    q = quote(f, *legs)
    assert [t.fare_product_id for t in q.transfers] == ["x", "y"]
    assert q.total_minor == 600 + 10 + 20


def test_empty_leg_group_matches_every_group_not_named() -> None:
    f = feed(",gB,,,,2,x\ngC,gB,,,,1,y\n")
    a_b = quote(f, *A_THEN_B)
    assert a_b.transfers[0].rule == "fare_transfer_rules.txt:2"
    assert a_b.total_minor == 10
    c_b = quote(f, leg("rC", "s1", "s2", "2026-03-10 10:00"), leg("rB", "s2", "s1", "2026-03-10 10:50"))
    assert c_b.transfers[0].rule == "fare_transfer_rules.txt:3"
    assert c_b.total_minor == 400 + 20 + 300


def test_negative_transfer_product_is_a_discount() -> None:
    f = make_feed(
        **{**BASE, "fare_products": BASE["fare_products"] + "discount,-1.00,USD\n"},
        fare_transfer_rules=HEADER + "gA,gB,,,,1,discount\n",
    )
    q = quote(f, *A_THEN_B)
    assert q.total_minor == 200 - 100 + 300
    assert q.transfers[0].amount_minor == -100


def test_unknown_transfer_product_price_makes_the_quote_incomplete() -> None:
    products = "fare_product_id,rider_category_id,amount,currency\npA,,2.00,USD\npB,,3.00,USD\npC,,4.00,USD\n"
    products += "kid_fee,kid,0.10,USD\n"
    f = make_feed(
        **{
            **BASE,
            "rider_categories": "rider_category_id,rider_category_name,is_default_fare_category\nad,Adult,1\n"
            "kid,Kid,0\n",
            "fare_products": products,
        },
        fare_transfer_rules=HEADER + "gA,gB,,,,1,kid_fee\n",
    )
    assert quote(f, *A_THEN_B, rider_category="kid").total_minor == 510
    adult = quote(f, *A_THEN_B, rider_category="ad")
    assert (adult.complete, adult.total_minor, adult.transfers[0].amount_minor) == (False, None, None)
