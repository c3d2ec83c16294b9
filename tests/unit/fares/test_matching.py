"""Matching details: empty vs absent fields, areas through parent stations, join rules, timezones."""

from __future__ import annotations

from tests.unit.fares.kit import leg, make_feed, quote
from ticketing.fares.feed import Feed

STOPS = """
stop_id,stop_name,location_type,parent_station
A,Station A,1,
A_p,Platform A,0,A
A_x,Platform A exit,0,A
B,Station B,1,
B_p,Platform B,0,B
C,Station C,1,
C_p,Platform C,0,C
bus1,Bus 1,0,
"""
ROUTES = "route_id,agency_id,route_type,network_id\nm1,A,1,metro\nm2,A,1,metro\nb1,A,3,bus\nx1,A,3,other\n"
AREAS = dict(areas="area_id\nzA\nzB\nzC\nzX\n", stop_areas="area_id,stop_id\nzA,A\nzB,B\nzC,C\nzX,A_x\n")
PRODUCTS = """
fare_product_id,amount,currency
metro_ab,2.00,USD
metro_ac,3.00,USD
metro_any,9.00,USD
other,1.00,USD
exit_fare,5.00,USD
"""


def feed(rules: str, **extra: str) -> Feed:
    return make_feed(
        routes=ROUTES, stops=STOPS, fare_products=PRODUCTS, fare_leg_rules=rules, **AREAS, **extra
    )


EMPTY_SEMANTICS = """
network_id,from_area_id,to_area_id,fare_product_id
metro,zA,zB,metro_ab
metro,zA,,metro_any
,,,other
"""


def test_areas_come_from_the_parent_station_unless_the_platform_has_its_own() -> None:
    f = feed(EMPTY_SEMANTICS)
    assert f.areas_of_stop("A_p") == frozenset({"zA"})
    assert f.areas_of_stop("A_x") == frozenset({"zX"})
    assert f.areas_of_stop("bus1") == frozenset()


def test_without_rule_priority_empty_means_every_value_not_named() -> None:
    f = feed(EMPTY_SEMANTICS)
    # zB is named in to_area_id, so the empty to_area rule does not apply to it
    ab = quote(f, leg("m1", "A_p", "B_p", "2026-03-10 10:00"))
    assert (ab.legs[0].fare_product_id, ab.legs[0].alternatives) == ("metro_ab", ("metro_ab",))
    # zC is not named: the empty to_area rule applies
    assert quote(f, leg("m1", "A_p", "C_p", "2026-03-10 10:00")).legs[0].fare_product_id == "metro_any"
    # "metro" is named in network_id, so the all-empty rule does not apply to metro legs
    assert quote(f, leg("m1", "B_p", "C_p", "2026-03-10 10:00")).legs[0].reason == "no_matching_rule"
    assert quote(f, leg("b1", "bus1", "bus1", "2026-03-10 10:00")).legs[0].fare_product_id == "other"


def test_with_rule_priority_empty_is_a_wildcard_and_the_highest_priority_wins() -> None:
    rules = EMPTY_SEMANTICS.replace("fare_product_id\n", "fare_product_id,rule_priority\n")
    f = feed(rules)
    ab = quote(f, leg("m1", "A_p", "B_p", "2026-03-10 10:00"))
    assert ab.legs[0].alternatives == ("metro_ab", "metro_any", "other")
    assert ab.legs[0].fare_product_id == "other"  # the cheapest of the equal-priority alternatives
    ranked = feed(rules.replace("zA,zB,metro_ab\n", "zA,zB,metro_ab,5\n"))
    top = quote(ranked, leg("m1", "A_p", "B_p", "2026-03-10 10:00"))
    assert (top.legs[0].fare_product_id, top.legs[0].alternatives) == ("metro_ab", ("metro_ab",))


def test_join_rule_makes_one_effective_leg_at_the_same_station() -> None:
    rules = """
    network_id,from_area_id,to_area_id,fare_product_id
    metro,zA,zB,metro_ab
    metro,zA,zC,metro_ac
    metro,zB,zC,metro_ab
    """
    joined = feed(rules, fare_leg_join_rules="from_network_id,to_network_id\nmetro,metro\n")
    legs = (leg("m1", "A_p", "B_p", "2026-03-10 10:00"), leg("m2", "B_p", "C_p", "2026-03-10 10:20"))
    q = quote(joined, *legs)
    assert q.total_minor == 300
    assert [(x.index, x.fare_product_id, x.amount_minor, x.joined_with) for x in q.legs] == [
        (0, "metro_ac", 300, None),
        (1, "metro_ac", 0, 0),
    ]
    assert quote(feed(rules), *legs).total_minor == 400


def test_join_rule_with_stops_needs_those_stations() -> None:
    rules = "network_id,from_area_id,to_area_id,fare_product_id\nmetro,zA,zC,metro_ac\nmetro,zA,zB,metro_ab\n"
    rules += "metro,zB,zC,metro_ab\n"
    header = "from_network_id,to_network_id,from_stop_id,to_stop_id\n"
    at_b = (leg("m1", "A_p", "B_p", "2026-03-10 10:00"), leg("m2", "B_p", "C_p", "2026-03-10 10:20"))
    assert quote(feed(rules, fare_leg_join_rules=header + "metro,metro,B,B\n"), *at_b).total_minor == 300
    assert quote(feed(rules, fare_leg_join_rules=header + "metro,metro,C,C\n"), *at_b).total_minor == 400


def test_timeframes_use_the_stop_timezone() -> None:
    stops = "stop_id,stop_name,stop_timezone\ntokyo,Tokyo,Asia/Tokyo\nhome,Home,\n"
    f = make_feed(
        tz="America/Vancouver",
        routes="route_id,agency_id,route_type\nr,A,3\n",
        stops=stops,
        calendar="service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "all,1,1,1,1,1,1,1,20260101,20261231\n",
        timeframes="timeframe_group_id,start_time,end_time,service_id\nmorning,06:00:00,12:00:00,all\n",
        fare_products="fare_product_id,amount,currency\nmorning_fare,1.00,USD\n",
        fare_leg_rules="from_timeframe_group_id,fare_product_id\nmorning,morning_fare\n",
    )
    # 17:00 in Vancouver is 09:00 next day in Tokyo
    assert quote(f, leg("r", "tokyo", "home", "2026-03-10 17:00")).total_minor == 100
    assert quote(f, leg("r", "home", "tokyo", "2026-03-10 17:00")).total_minor is None


def test_trip_after_midnight_uses_the_calendar_day_of_the_event() -> None:
    f = make_feed(
        routes="route_id,agency_id,route_type\nr,A,3\n",
        stops="stop_id,stop_name\ns1,S1\ns2,S2\n",
        calendar="service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "fri,0,0,0,0,1,0,0,20260101,20261231\n",
        timeframes="timeframe_group_id,start_time,end_time,service_id\nfriday,,,fri\n",
        fare_products="fare_product_id,amount,currency\nfriday_fare,1.00,USD\n",
        fare_leg_rules="from_timeframe_group_id,to_timeframe_group_id,fare_product_id\nfriday,,friday_fare\n",
    )
    # a Friday-night trip (service day Friday) boarding at 00:30 Saturday is not on Friday's calendar day
    assert quote(f, leg("r", "s1", "s2", "2026-03-13 23:59:59")).total_minor == 100
    assert quote(f, leg("r", "s1", "s2", "2026-03-14 00:30:00")).total_minor is None
