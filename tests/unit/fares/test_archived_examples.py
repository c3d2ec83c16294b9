"""Worked examples D1–D19 (archived gtfs.org page: MTA Maryland, BART, Muni, Clean Air Express,
WMATA, Metro-North)."""

from __future__ import annotations

import pytest

from tests.unit.fares.kit import leg, make_feed, quote

ONE_ROUTE = "route_id,agency_id,route_type,network_id\nr1,A,3,core\n"
STOPS = "stop_id,stop_name\ns1,One\ns2,Two\ns3,Three\n"
WEEK = """
service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
weekdays,1,1,1,1,1,0,0,20240101,20271231
weekends,0,0,0,0,0,1,1,20240101,20271231
"""

MTA = dict(
    routes=ONE_ROUTE,
    stops=STOPS,
    fare_products="""
    fare_product_id,amount,currency
    core_local_one_way_trip,2.00,USD
    core_local_1_day_pass,4.60,USD
    core_local_7_day_pass,22.00,USD
    core_local_31_day_pass,77.00,USD
    """,
    fare_leg_rules="""
    leg_group_id,network_id,fare_product_id
    core_local_one_way_trip,core,core_local_one_way_trip
    core_local_one_way_trip,core,core_local_1_day_pass
    core_local_one_way_trip,core,core_local_7_day_pass
    core_local_one_way_trip,core,core_local_31_day_pass
    """,
    fare_transfer_rules="""
    from_leg_group_id,to_leg_group_id,transfer_count,duration_limit,duration_limit_type,fare_transfer_type
    core_local_one_way_trip,core_local_one_way_trip,-1,5400,1,0
    """,
)


def test_d1_alternatives_and_single_fare() -> None:
    q = quote(make_feed(**MTA), leg("r1", "s1", "s2", "2026-03-10 10:00"))
    assert q.legs[0].alternatives == (
        "core_local_one_way_trip",
        "core_local_1_day_pass",
        "core_local_7_day_pass",
        "core_local_31_day_pass",
    )
    assert q.total_minor == 200


def test_d1_passes_marked_by_extension_are_never_charged_as_singles() -> None:
    f = make_feed(
        **MTA,
        x_fare_product_validity="""
    fare_product_id,validity_type,duration_days
    core_local_1_day_pass,operating_day,
    core_local_7_day_pass,from_activation,7
    core_local_31_day_pass,from_activation,31
    """,
    )
    q = quote(f, leg("r1", "s1", "s2", "2026-03-10 10:00"))
    assert q.legs[0].fare_product_id == "core_local_one_way_trip"


def test_d2_unlimited_transfers_within_ninety_minutes() -> None:
    q = quote(
        make_feed(**MTA),
        leg("r1", "s1", "s2", "2026-03-10 10:00"),
        leg("r1", "s2", "s3", "2026-03-10 10:40"),
        leg("r1", "s3", "s1", "2026-03-10 11:29"),
    )
    assert q.total_minor == 200


def test_d3_second_boarding_after_ninety_five_minutes() -> None:
    q = quote(
        make_feed(**MTA), leg("r1", "s1", "s2", "2026-03-10 10:00"), leg("r1", "s2", "s3", "2026-03-10 11:35")
    )
    assert q.total_minor == 400


BART = dict(
    routes=ONE_ROUTE,
    stops="stop_id,stop_name\nASHB,Ashby\nGLEN,Glen Park\nOAKL,Oakland Airport\n",
    areas="area_id\nASHB\nGLEN\nOAKL\n",
    stop_areas="area_id,stop_id\nASHB,ASHB\nGLEN,GLEN\nOAKL,OAKL\n",
    fare_products="fare_product_id,amount,currency\nBA:matrix:ASHB-GLEN,4.75,USD\nBA:matrix:ASHB-OAKL,9.45,USD\n",
    fare_leg_rules="""
    leg_group_id,from_area_id,to_area_id,fare_product_id
    BA,ASHB,GLEN,BA:matrix:ASHB-GLEN
    BA,ASHB,OAKL,BA:matrix:ASHB-OAKL
    """,
)


@pytest.mark.parametrize(("case", "dest", "amount"), [("D4", "GLEN", 475), ("D5", "OAKL", 945)])
def test_bart_matrix(case: str, dest: str, amount: int) -> None:
    assert quote(make_feed(**BART), leg("r1", "ASHB", dest, "2026-03-10 10:00")).total_minor == amount, case


MEDIA = dict(
    routes=ONE_ROUTE,
    stops=STOPS,
    fare_media="""
    fare_media_id,fare_media_name,fare_media_type
    cash,Cash,0
    clipper,Clipper,2
    tap_to_ride,Tap to ride,3
    """,
    fare_products="""
    fare_product_id,fare_media_id,amount,currency
    SF:local:single,cash,3.00,USD
    SF:local:single,clipper,2.50,USD
    cae:single,tap_to_ride,6.00,USD
    cae:single,,7.00,USD
    """,
)


@pytest.mark.parametrize(
    ("case", "product", "media", "amount"),
    [
        ("D6", "SF:local:single", "cash", 300),
        ("D7", "SF:local:single", "clipper", 250),
        ("D8", "cae:single", "tap_to_ride", 600),
        ("D9", "cae:single", None, 700),
        ("D9 other medium", "cae:single", "cash", 700),
    ],
)
def test_price_by_fare_media(case: str, product: str, media: str | None, amount: int) -> None:
    f = make_feed(**MEDIA, fare_leg_rules=f"fare_product_id\n{product}\n")
    assert quote(f, leg("r1", "s1", "s2", "2026-03-10 10:00"), fare_media=media).total_minor == amount, case


WMATA = dict(
    routes="route_id,agency_id,route_type,network_id\nred,A,1,1\n",
    stops=STOPS,
    calendar=WEEK,
    timeframes="""
    timeframe_group_id,start_time,end_time,service_id
    weekday_peak,05:00:00,09:30:00,weekdays
    weekday_offpeak,09:30:00,15:00:00,weekdays
    weekday_late_night,21:30:00,24:00:00,weekdays
    weekend,,,weekends
    """,
    fare_products="""
    fare_product_id,amount,currency
    peak_fare,5.00,USD
    regular_fare,3.00,USD
    late_night_fare,2.00,USD
    weekend_fare,2.00,USD
    """,
    fare_leg_rules="""
    network_id,from_timeframe_group_id,fare_product_id
    1,weekday_peak,peak_fare
    1,weekday_offpeak,regular_fare
    1,weekday_late_night,late_night_fare
    1,weekend,weekend_fare
    """,
)


@pytest.mark.parametrize(
    ("case", "when", "product", "amount"),
    [
        ("D10", "2026-03-10 07:30", "peak_fare", 500),
        ("D11", "2026-03-10 11:30", "regular_fare", 300),
        ("D12", "2026-03-14 11:30", "weekend_fare", 200),
        ("D13", "2026-03-10 22:00", "late_night_fare", 200),
        ("D14", "2026-03-10 09:30:00", "regular_fare", 300),
    ],
)
def test_wmata_timeframes(case: str, when: str, product: str, amount: int) -> None:
    q = quote(make_feed(tz="America/New_York", **WMATA), leg("red", "s1", "s2", when, tz="America/New_York"))
    assert (q.legs[0].fare_product_id, q.total_minor) == (product, amount), case


MNR = dict(
    routes="route_id,agency_id,route_type,network_id\nhudson,A,2,mnr\n",
    stops="stop_id,stop_name\nGCT,Grand Central\nCSP,Cold Spring\n",
    areas="area_id\nmnr_1\nmnr_HUD-7\n",
    stop_areas="area_id,stop_id\nmnr_1,GCT\nmnr_HUD-7,CSP\n",
    calendar=WEEK + "alldays,1,1,1,1,1,1,1,20240101,20271231\n",
    timeframes="""
    timeframe_group_id,start_time,end_time,service_id
    mnr_am2pmpeak,16:00:00,20:00:00,weekdays
    mnr_notam2pmpeak,00:00:00,16:00:00,weekdays
    mnr_notam2pmpeak,20:00:00,24:00:00,weekdays
    mnr_ampeak,06:00:00,10:00:00,weekdays
    mnr_notampeak,00:00:00,06:00:00,weekdays
    mnr_notampeak,10:00:00,24:00:00,weekdays
    weekdays,,,weekdays
    weekends,,,weekends
    anytime,,,alldays
    """,
    fare_products="""
    fare_product_id,amount,currency
    mnr_HUD-7:1_adult_peak,20.00,USD
    mnr_HUD-7:1_adult_offpeak,15.00,USD
    """,
    fare_leg_rules="""
    network_id,from_area_id,to_area_id,from_timeframe_group_id,to_timeframe_group_id,fare_product_id
    mnr,mnr_1,mnr_HUD-7,mnr_am2pmpeak,anytime,mnr_HUD-7:1_adult_peak
    mnr,mnr_1,mnr_HUD-7,mnr_notam2pmpeak,anytime,mnr_HUD-7:1_adult_offpeak
    mnr,mnr_1,mnr_HUD-7,weekends,anytime,mnr_HUD-7:1_adult_offpeak
    mnr,mnr_HUD-7,mnr_1,weekdays,mnr_ampeak,mnr_HUD-7:1_adult_peak
    mnr,mnr_HUD-7,mnr_1,weekdays,mnr_notampeak,mnr_HUD-7:1_adult_offpeak
    mnr,mnr_HUD-7,mnr_1,weekends,anytime,mnr_HUD-7:1_adult_offpeak
    """,
)


@pytest.mark.parametrize(
    ("case", "origin", "dest", "dep", "arr", "amount"),
    [
        ("D15", "GCT", "CSP", "2026-03-10 18:45", "2026-03-10 19:55", 2000),
        ("D16", "GCT", "CSP", "2026-03-10 21:04", "2026-03-10 22:14", 1500),
        ("D17", "CSP", "GCT", "2026-03-10 07:20", "2026-03-10 08:30", 2000),
        ("D18", "CSP", "GCT", "2026-03-10 09:50", "2026-03-10 11:00", 1500),
        ("D19", "GCT", "CSP", "2026-03-14 18:45", "2026-03-14 19:55", 1500),
    ],
)
def test_metro_north_start_and_end_timeframes(
    case: str, origin: str, dest: str, dep: str, arr: str, amount: int
) -> None:
    f = make_feed(tz="America/New_York", **MNR)
    q = quote(f, leg("hudson", origin, dest, dep, arr, tz="America/New_York"))
    assert q.total_minor == amount, case
