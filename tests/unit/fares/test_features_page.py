"""Worked examples B1–B7 (gtfs.org features page samples)."""

from __future__ import annotations

import pytest

from tests.unit.fares.kit import leg, make_feed, quote

STOPS = """
stop_id,stop_name
stop_a,A
stop_b,B
stop_c,C
"""


def test_b1_single_rule_prices_any_leg() -> None:
    f = make_feed(
        routes="route_id,agency_id,route_type\nr1,A,3\n",
        stops=STOPS,
        fare_products="fare_product_id,amount,currency\nsingle_ride,2.75,USD\n",
        fare_leg_rules="leg_group_id,fare_product_id\nany,single_ride\n",
    )
    q = quote(f, leg("r1", "stop_a", "stop_b", "2026-03-10 09:00"))
    assert (q.total_minor, q.currency, q.legs[0].rule) == (275, "USD", "fare_leg_rules.txt:2")


def test_b2_network_picks_the_express_product() -> None:
    f = make_feed(
        routes="route_id,agency_id,route_type\nexpress_a,A,3\nlocal_a,A,3\n",
        networks="network_id,network_name\nexpress,Express\nlocal,Local\n",
        route_networks="network_id,route_id\nexpress,express_a\nlocal,local_a\n",
        stops=STOPS,
        fare_products="fare_product_id,amount,currency\nexpress_single_ride,5.00,USD\nlocal_single_ride,2.00,USD\n",
        fare_leg_rules="network_id,fare_product_id\nexpress,express_single_ride\nlocal,local_single_ride\n",
    )
    assert quote(f, leg("express_a", "stop_a", "stop_b", "2026-03-10 09:00")).legs[0].fare_product_id == (
        "express_single_ride"
    )
    assert quote(f, leg("local_a", "stop_a", "stop_b", "2026-03-10 09:00")).legs[0].fare_product_id == (
        "local_single_ride"
    )


PEAK_FEED = dict(
    routes="route_id,agency_id,route_type\nr1,A,3\n",
    stops=STOPS,
    calendar="""
    service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
    all_day,1,1,1,1,1,1,1,20260101,20261231
    """,
    timeframes="""
    timeframe_group_id,start_time,end_time,service_id
    peak,08:00:00,10:00:00,all_day
    regular,00:00:00,08:00:00,all_day
    regular,10:00:00,24:00:00,all_day
    """,
    fare_products="fare_product_id,amount,currency\npeak_single_ride,3.00,USD\nregular_single_ride,2.00,USD\n",
    fare_leg_rules="""
    from_timeframe_group_id,fare_product_id
    peak,peak_single_ride
    regular,regular_single_ride
    """,
)


@pytest.mark.parametrize(
    ("case", "time", "product"),
    [
        ("B3", "09:59:59", "peak_single_ride"),
        ("B4", "10:00:00", "regular_single_ride"),
        ("start inclusive", "08:00:00", "peak_single_ride"),
        ("midnight", "00:00:00", "regular_single_ride"),
        ("late", "23:59:59", "regular_single_ride"),
    ],
)
def test_b3_b4_timeframe_end_is_exclusive(case: str, time: str, product: str) -> None:
    f = make_feed(**PEAK_FEED)
    assert quote(f, leg("r1", "stop_a", "stop_b", f"2026-03-10 {time}")).legs[0].fare_product_id == product, (
        case
    )


def test_timeframe_outside_service_dates_is_unknown() -> None:
    f = make_feed(**PEAK_FEED)
    assert quote(f, leg("r1", "stop_a", "stop_b", "2027-01-01 09:00:00")).legs[0].reason == "no_matching_rule"


ZONES = dict(
    routes="route_id,agency_id,route_type\nr1,A,3\n",
    stops=STOPS,
    areas="area_id\nzone_a\nzone_b\n",
    stop_areas="area_id,stop_id\nzone_a,stop_a\nzone_a,stop_b\nzone_b,stop_c\n",
    fare_products="fare_product_id,amount,currency\nzone_a_b_single,3.50,USD\n",
    fare_leg_rules="from_area_id,to_area_id,fare_product_id\nzone_a,zone_b,zone_a_b_single\n",
)


def test_b5_zone_to_zone() -> None:
    q = quote(make_feed(**ZONES), leg("r1", "stop_a", "stop_c", "2026-03-10 09:00"))
    assert (q.legs[0].fare_product_id, q.total_minor) == ("zone_a_b_single", 350)


def test_b6_reverse_direction_has_no_rule() -> None:
    q = quote(make_feed(**ZONES), leg("r1", "stop_c", "stop_a", "2026-03-10 09:00"))
    assert q.legs[0].amount_minor is None
    assert q.complete is False


def test_b7_unlimited_free_transfers_within_two_hours() -> None:
    f = make_feed(
        routes="route_id,agency_id,route_type\nr1,A,3\n",
        stops=STOPS,
        fare_products="fare_product_id,amount,currency\nsingle,2.00,USD\nfree_transfer,0.00,USD\n",
        fare_leg_rules="leg_group_id,fare_product_id\na,single\n",
        fare_transfer_rules="""
        from_leg_group_id,to_leg_group_id,transfer_count,duration_limit,duration_limit_type,fare_transfer_type,fare_product_id
        a,a,-1,7200,1,0,free_transfer
        """,
    )
    legs = [
        leg("r1", "stop_a", "stop_b", "2026-03-10 09:00", "2026-03-10 09:30"),
        leg("r1", "stop_b", "stop_c", "2026-03-10 09:45", "2026-03-10 10:15"),
        leg("r1", "stop_c", "stop_a", "2026-03-10 10:59", "2026-03-10 11:30"),
    ]
    q = quote(f, *legs)
    assert q.total_minor == 200
    assert [t.fare_product_id for t in q.transfers] == ["free_transfer", "free_transfer"]
    late = [*legs[:2], leg("r1", "stop_c", "stop_a", "2026-03-10 11:00:01", "2026-03-10 11:30")]
    assert quote(f, *late).total_minor == 400
