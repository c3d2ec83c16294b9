"""Distance-based legs (stop_times.fare_distance_units_traveled, min/max_distance_units) and
free zones (x_fare_free_zones.txt): the part of a distance leg inside the polygon is free."""

from __future__ import annotations

import json

import pytest

from tests.unit.fares.kit import at, files, quote
from ticketing.fares.journey import Journey, JourneyLeg, parse_journey
from ticketing.fares.loader import build_feed
from ticketing.fares.quote import quote_journey, quote_to_json

TZ = "Asia/Ho_Chi_Minh"
# Stops on a west-east line at latitude 21.0; a free zone covers longitudes 105.80 .. 105.90.
TABLES: dict[str, str] = dict(
    routes="route_id,agency_id,route_type,network_id\nr1,A,3,n1\nr2,A,3,n1\n",
    stops=(
        "stop_id,stop_name,stop_lat,stop_lon\n"
        "a,A,21.0,105.70\nb,B,21.0,105.85\nc,C,21.0,105.95\nd,D,21.0,106.00\n"
    ),
    calendar=(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "all,1,1,1,1,1,1,1,20260101,20271231\n"
    ),
    trips="route_id,service_id,trip_id\nr1,all,r1_out\nr1,all,r1_back\n",
    stop_times=(
        "trip_id,stop_id,stop_sequence,fare_distance_units_traveled\n"
        "r1_out,a,1,0\nr1_out,b,2,4\nr1_out,c,3,8\nr1_out,d,4,10\n"
        "r1_back,d,1,0\nr1_back,c,2,2\nr1_back,b,3,6\n"
    ),
    fare_products=(
        "fare_product_id,amount,currency\nkm_short,3000,VND\nkm_mid,5000,VND\nkm_long,9000,VND\nflat,7000,VND\n"
    ),
    fare_leg_rules=(
        "leg_group_id,network_id,fare_product_id,rule_priority,min_distance_units,max_distance_units\n"
        "g,n1,km_short,1,0,3\ng,n1,km_mid,1,3,6\ng,n1,km_long,1,6,\ng,n1,flat,0,,\n"
    ),
)
ZONE = {
    "type": "Feature",
    "properties": {"name": "centre"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[105.80, 20.9], [105.90, 20.9], [105.90, 21.1], [105.80, 21.1], [105.80, 20.9]]],
    },
}
ZONE_ROW = (
    "free_zone_id,free_zone_name,geojson_file,start_date,end_date\n"
    "centre,Centre,centre.geojson,20260701,20270630\n"
)


def _feed(zone: bool = False, **changes: str):
    tables = {**TABLES, **changes}
    data = files(TZ, **tables)
    if zone:
        data["x_fare_free_zones.txt"] = ZONE_ROW.encode()
        data["centre.geojson"] = json.dumps(ZONE).encode()
    feed, report = build_feed(data)
    assert feed is not None, [str(p) for p in report.errors]
    return feed


def _leg(start: str, end: str, when: str = "2026-06-30 08:00", **kw: object) -> JourneyLeg:
    dep = at(when, TZ)
    return JourneyLeg("r1", start, end, dep, dep, **kw)  # type: ignore[arg-type]


def test_leg_is_priced_by_the_distance_between_its_stops_on_the_representative_trip() -> None:
    feed = _feed()
    q = quote(feed, _leg("a", "b"), _leg("b", "d", "2026-06-30 09:00"))
    assert [(leg.fare_product_id, leg.distance_units, leg.trip_id) for leg in q.legs] == [
        ("km_mid", 4.0, "r1_out"),
        ("km_long", 6.0, "r1_out"),
    ]
    assert q.total_minor == 14000


def test_direction_picks_the_trip_that_visits_the_stops_in_order() -> None:
    q = quote(_feed(), _leg("d", "c"))
    assert (q.legs[0].trip_id, q.legs[0].distance_units, q.legs[0].amount_minor) == ("r1_back", 2.0, 3000)


def test_named_trip_is_used_and_an_unknown_trip_leaves_the_fare_unknown() -> None:
    feed = _feed()
    assert quote(feed, _leg("c", "b", trip_id="r1_back")).legs[0].amount_minor == 5000
    unknown = quote(feed, _leg("a", "b", trip_id="nope")).legs[0]
    assert (unknown.amount_minor, unknown.reason) == (None, "unknown_trip")


def test_band_edges_min_inclusive_max_exclusive() -> None:
    q = quote(_feed(), _leg("d", "b"))  # exactly 6 units
    assert q.legs[0].fare_product_id == "km_long"


def test_route_without_trips_falls_back_to_the_rules_without_distance() -> None:
    dep = at("2026-06-30 08:00", TZ)
    q = quote(_feed(), JourneyLeg("r2", "a", "b", dep, dep))
    assert (q.legs[0].fare_product_id, q.legs[0].distance_units) == ("flat", None)


def test_missing_tap_off_is_charged_to_the_route_end() -> None:
    dep = at("2026-06-30 08:00", TZ)
    q = quote(_feed(), JourneyLeg("r1", "b", "", dep, dep, tapped_off=False))
    leg = q.legs[0]
    assert (leg.to_stop_id, leg.distance_units, leg.fare_product_id, leg.amount_minor) == (
        "d",
        6.0,
        "km_long",
        9000,
    )


def test_missing_tap_off_chooses_the_longest_remaining_trip() -> None:
    # From c: r1_out runs 2 more units to d, r1_back 4 more to b: the cash rule charges the longer.
    dep = at("2026-06-30 08:00", TZ)
    q = quote(_feed(), JourneyLeg("r1", "c", "", dep, dep, tapped_off=False))
    assert (q.legs[0].trip_id, q.legs[0].to_stop_id, q.legs[0].distance_units) == ("r1_back", "b", 4.0)


def test_journey_document_without_to_stop_id_is_a_missing_tap_off() -> None:
    journey = parse_journey(
        {"legs": [{"route_id": "r1", "from_stop_id": "a", "departure": "2026-06-30T08:00:00+07:00"}]}
    )
    assert journey.legs[0].tapped_off is False
    doc = quote_to_json(quote_journey(_feed(), journey))
    assert doc["legs"][0]["to_stop_id"] == "d"
    assert doc["legs"][0]["distance_units"] == 10.0
    assert doc["total_minor"] == 9000


def test_part_inside_the_free_zone_is_not_charged_from_its_first_day() -> None:
    feed = _feed(zone=True)
    # a (105.70) -> c (105.95): 8 units, measured on the stop-to-stop geometry.
    before = quote(feed, _leg("a", "c", "2026-06-30 08:00")).legs[0]
    after = quote(feed, _leg("a", "c", "2026-07-01 08:00")).legs[0]
    assert (before.free_distance_units, before.fare_product_id, before.amount_minor) == (0.0, "km_long", 9000)
    # a-b: 4 units, 1/3 of its length inside (105.80..105.85 of 105.70..105.85); b-c: 4 units, half inside.
    assert after.free_distance_units == pytest.approx(4 / 3 + 2, abs=1e-3)
    assert after.free_zone_id == "centre"
    # 8 - 3.33 = 4.67 units charged: the 3..6 band instead of the 6+ band.
    assert (after.fare_product_id, after.amount_minor) == ("km_mid", 5000)


def test_leg_wholly_inside_the_zone_is_free_and_only_while_the_zone_is_in_force() -> None:
    stops = TABLES["stops"] + "e,E,21.0,105.88\n"
    stop_times = TABLES["stop_times"].replace("r1_back,b,3,6\n", "r1_back,b,3,6\nr1_back,e,4,6.5\n")
    feed = _feed(zone=True, stops=stops, stop_times=stop_times)
    inside = quote(feed, JourneyLeg("r1", "b", "e", at("2026-07-01 08:00", TZ), at("2026-07-01 08:10", TZ)))
    assert (inside.legs[0].amount_minor, inside.total_minor) == (0, 0)
    later = quote(feed, JourneyLeg("r1", "b", "e", at("2027-07-01 08:00", TZ), at("2027-07-01 08:10", TZ)))
    assert later.total_minor == 3000


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"stop_times": TABLES["stop_times"].replace("r1_out,c,3,8", "r1_out,c,3,3")},
            "stop_times.txt:4: fare_distance_units_traveled: decreases along the trip (3 after 4)",
        ),
        (
            {"stop_times": TABLES["stop_times"] + "ghost,a,1,0\n"},
            "stop_times.txt:9: trip_id: unknown trip 'ghost'",
        ),
        (
            {"stop_times": TABLES["stop_times"].replace("r1_out,d,4,10", "r1_out,d,4,ten")},
            "stop_times.txt:5: fare_distance_units_traveled: not a number: 'ten'",
        ),
        (
            {"fare_leg_rules": TABLES["fare_leg_rules"].replace("g,n1,km_mid,1,3,6", "g,n1,km_mid,1,6,3")},
            "fare_leg_rules.txt:3: max_distance_units: must be greater than min_distance_units",
        ),
        (
            {"fare_leg_rules": TABLES["fare_leg_rules"].replace("g,n1,km_mid,1,3,6", "g,n1,km_mid,1,-1,6")},
            "fare_leg_rules.txt:3: min_distance_units: must be at least 0, got -1",
        ),
        (
            {"trips": TABLES["trips"] + "r9,all,x\n"},
            "trips.txt:4: route_id: unknown route 'r9'",
        ),
    ],
)
def test_bad_distance_data_is_reported_with_file_line_and_field(
    changes: dict[str, str], expected: str
) -> None:
    _, report = build_feed(files(TZ, **{**TABLES, **changes}))
    assert expected in [str(p) for p in report.errors]


@pytest.mark.parametrize(
    ("zone_file", "row", "expected"),
    [
        (
            b"{}",
            ZONE_ROW,
            "x_fare_free_zones.txt:2: geojson_file: centre.geojson: expected a Polygon, got None",
        ),
        (None, ZONE_ROW, "x_fare_free_zones.txt:2: geojson_file: no file 'centre.geojson' in the feed"),
        (
            json.dumps(ZONE).encode(),
            ZONE_ROW.replace("20270630", "20260101"),
            "x_fare_free_zones.txt:2: end_date: before start_date",
        ),
    ],
)
def test_bad_free_zone_is_reported(zone_file: bytes | None, row: str, expected: str) -> None:
    data = files(TZ, **TABLES)
    data["x_fare_free_zones.txt"] = row.encode()
    if zone_file is not None:
        data["centre.geojson"] = zone_file
    _, report = build_feed(data)
    assert any(str(p).startswith(expected) for p in report.errors), [str(p) for p in report.errors]


def test_journey_keeps_its_legs_when_nothing_is_measured() -> None:
    journey = Journey(legs=(_leg("a", "b"),))
    assert quote_journey(_feed(), journey).legs[0].distance_units == 4.0
