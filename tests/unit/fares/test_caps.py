"""x_fare_caps.txt best fare: charges in a cap period never exceed the cap; the cap is explained."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.fares.kit import at, leg, make_feed, quote
from ticketing.fares.feed import Feed
from ticketing.fares.journey import PriorCharge

TZ = "Asia/Ho_Chi_Minh"

CAPPED: dict[str, str] = dict(
    routes="route_id,agency_id,route_type,network_id\nbus,A,3,n_bus\nrail,A,1,n_rail\n",
    stops="stop_id,stop_name\ns1,One\ns2,Two\n",
    rider_categories="rider_category_id,rider_category_name,is_default_fare_category\nadult,Adult,1\nstudent,Student,0\n",
    fare_products="""
    fare_product_id,rider_category_id,amount,currency
    bus_single,,8000,VND
    rail_single,,15000,VND
    """,
    fare_leg_rules="""
    leg_group_id,network_id,fare_product_id
    g_bus,n_bus,bus_single
    g_rail,n_rail,rail_single
    """,
    x_fare_caps="""
    cap_id,cap_name,network_id,leg_group_id,rider_category_id,fare_media_id,period,amount,currency
    bus_day,Bus daily cap,n_bus,,,,day,20000,VND
    all_week,Weekly cap,n_bus,,,,week_rolling,50000,VND
    all_week,Weekly cap,,g_rail,,,week_rolling,50000,VND
    student_month,Student month,,,student,,month_calendar,30000,VND
    """,
)


def feed() -> Feed:
    return make_feed(tz=TZ, **CAPPED)


def bus(when: str) -> object:
    return leg("bus", "s1", "s2", when, tz=TZ)


def test_daily_cap_limits_the_third_ride_and_explains_it() -> None:
    q = quote(feed(), bus("2026-03-10 08:00"), bus("2026-03-10 12:00"), bus("2026-03-10 18:00"))  # type: ignore[arg-type]
    assert [x.amount_minor for x in q.legs] == [8000, 8000, 4000]
    assert q.legs[2].cap_id == "bus_day"
    assert (q.total_minor, q.uncapped_total_minor, q.caps_applied) == (20000, 24000, ("bus_day",))
    assert any("Cap bus_day" in line and "4.000 ₫" in line for line in q.explanation)
    assert any("mức trần bus_day" in line for line in q.explanation_vi)


def test_prior_charges_count_towards_the_cap() -> None:
    prior = (PriorCharge(at("2026-03-10 07:00", TZ), 16000, "n_bus", "g_bus"),)
    q = quote(feed(), bus("2026-03-10 08:00"), prior_charges=prior)  # type: ignore[arg-type]
    assert q.total_minor == 4000
    yesterday = (PriorCharge(at("2026-03-09 23:59", TZ), 16000, "n_bus", "g_bus"),)
    assert quote(feed(), bus("2026-03-10 00:00"), prior_charges=yesterday).total_minor == 8000  # type: ignore[arg-type]


def test_rolling_week_spans_days_and_networks() -> None:
    start = at("2026-03-01 08:00", TZ)
    prior = tuple(
        PriorCharge(start + timedelta(days=d), 15000, "n_rail", "g_rail") for d in range(3)
    )  # 45000 in the last 7 days
    q = quote(feed(), bus("2026-03-07 08:00"), prior_charges=prior)  # type: ignore[arg-type]
    assert (q.total_minor, q.legs[0].cap_id) == (5000, "all_week")
    later = quote(feed(), bus("2026-03-08 08:00:01"), prior_charges=prior)  # type: ignore[arg-type]
    assert later.total_minor == 8000  # the first 15000 fell out of the window


def test_category_cap_applies_only_to_its_category() -> None:
    rides = [leg("rail", "s1", "s2", f"2026-03-{d:02d} 08:00", tz=TZ) for d in (2, 3, 4)]
    student = quote(feed(), *rides, rider_category="student")
    assert student.total_minor == 30000
    assert quote(feed(), *rides, rider_category="adult").total_minor == 45000


def test_best_fare_can_be_turned_off() -> None:
    q = quote(
        feed(),
        bus("2026-03-10 08:00"),
        bus("2026-03-10 12:00"),
        bus("2026-03-10 18:00"),  # type: ignore[arg-type]
        best_fare=False,
    )
    assert q.total_minor == 24000
    assert q.caps_applied == ()
