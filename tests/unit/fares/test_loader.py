"""Loader and validator: broken files give file:line: field: message, all at once."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from tests.unit.fares.kit import files
from ticketing.fares.loader import build_feed, check_feed, load_feed, load_feed_bytes
from ticketing.fares.problems import FeedError

SHAPE = re.compile(r"^[a-z_]+\.txt:\d+: [a-z_*]+: .+$")

BASE: dict[str, str] = dict(
    routes="route_id,agency_id,route_type,network_id\nr1,A,3,n1\n",
    stops="stop_id,stop_name,location_type,parent_station\nst,Station,1,\ns1,Platform,0,st\ns2,Two,0,\n",
    calendar=(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "wk,1,1,1,1,1,0,0,20260101,20261231\n"
    ),
    areas="area_id,area_name\nz1,Zone 1\n",
    stop_areas="area_id,stop_id\nz1,st\n",
    rider_categories="rider_category_id,rider_category_name,is_default_fare_category\nadult,Adult,1\nkid,Kid,0\n",
    fare_media="fare_media_id,fare_media_name,fare_media_type\ncard,Card,2\n",
    fare_products="fare_product_id,rider_category_id,fare_media_id,amount,currency\np,adult,card,8000,VND\np,kid,,0,VND\n",
    timeframes="timeframe_group_id,start_time,end_time,service_id\nam,06:00:00,09:00:00,wk\n",
    fare_leg_rules="leg_group_id,network_id,from_area_id,fare_product_id,rule_priority\ng,n1,z1,p,\n",
    fare_transfer_rules="from_leg_group_id,to_leg_group_id,transfer_count,fare_transfer_type\ng,g,-1,0\n",
)


def problems(**changes: str | None) -> tuple[list[str], list[str]]:
    tables = {k: v for k, v in {**BASE, **changes}.items() if v is not None}
    data = files("Asia/Ho_Chi_Minh", **tables)
    feed, report = build_feed(data)
    errors = [str(p) for p in report.errors]
    assert (feed is None) == bool(errors)
    for message in errors + [str(p) for p in report.warnings]:
        assert SHAPE.match(message), message
    return errors, [str(p) for p in report.warnings]


def test_base_feed_is_clean() -> None:
    assert problems() == ([], [])


CASES: list[tuple[str, dict[str, str | None], str]] = [
    ("missing file", {"stops": None}, "stops.txt:0: *: required file is missing"),
    (
        "missing column",
        {"fare_products": "fare_product_id,amount\np,8000\n"},
        "fare_products.txt:1: currency: required column is missing",
    ),
    (
        "missing value",
        {"fare_products": "fare_product_id,amount,currency\np,,VND\n"},
        "fare_products.txt:2: amount: required field is missing",
    ),
    (
        "currency decimals",
        {"fare_products": "fare_product_id,amount,currency\np,8000.50,VND\n"},
        "fare_products.txt:2: amount: VND allows 0 decimal places, got 2 in '8000.50'",
    ),
    (
        "too many decimals",
        {"fare_products": "fare_product_id,amount,currency\np,1.234,USD\n"},
        "fare_products.txt:2: amount: USD allows 2 decimal places, got 3 in '1.234'",
    ),
    (
        "unknown currency",
        {"fare_products": "fare_product_id,amount,currency\np,1,XXX\n"},
        "fare_products.txt:2: currency: unknown or unsupported ISO 4217 currency 'XXX'",
    ),
    (
        "duplicate product key",
        {"fare_products": BASE["fare_products"] + "p,adult,card,9000,VND\n"},
        "fare_products.txt:4: fare_product_id: duplicate primary key ('p', 'adult',"
        " 'card') (first on line 2)",
    ),
    (
        "dangling category",
        {"fare_products": "fare_product_id,rider_category_id,amount,currency\np,senior,1,VND\n"},
        "fare_products.txt:2: rider_category_id: unknown rider category 'senior'",
    ),
    (
        "two defaults",
        {
            "rider_categories": "rider_category_id,rider_category_name,is_default_fare_category\n"
            "adult,Adult,1\nkid,Kid,1\n"
        },
        "fare_products.txt:2: rider_category_id: product 'p' has more than one default"
        " rider category: adult, kid",
    ),
    (
        "duplicate stop",
        {"stops": BASE["stops"] + "s2,Again,0,\n"},
        "stops.txt:5: stop_id: duplicate primary key 's2' (first on line 4)",
    ),
    (
        "unknown parent",
        {"stops": "stop_id,stop_name,parent_station\ns1,One,nowhere\n", "stop_areas": "area_id,stop_id\n"},
        "stops.txt:2: parent_station: unknown stop 'nowhere'",
    ),
    (
        "bad timezone",
        {"stops": "stop_id,stop_name,stop_timezone\nst,S,Mars/Base\ns1,P,\n"},
        "stops.txt:2: stop_timezone: unknown timezone 'Mars/Base'",
    ),
    (
        "dangling route agency",
        {"routes": "route_id,agency_id,route_type,network_id\nr1,B,3,n1\n"},
        "routes.txt:2: agency_id: unknown agency 'B'",
    ),
    (
        "dangling stop area",
        {"stop_areas": "area_id,stop_id\nz9,st\n"},
        "stop_areas.txt:2: area_id: unknown area 'z9'",
    ),
    (
        "dangling network",
        {"fare_leg_rules": "network_id,fare_product_id\nn9,p\n", "fare_transfer_rules": None},
        "fare_leg_rules.txt:2: network_id: unknown network (routes.network_id or networks.txt) 'n9'",
    ),
    (
        "dangling product",
        {"fare_leg_rules": "leg_group_id,fare_product_id\ng,nope\n"},
        "fare_leg_rules.txt:2: fare_product_id: unknown fare product 'nope'",
    ),
    (
        "duplicate leg rule",
        {"fare_leg_rules": "leg_group_id,network_id,fare_product_id\ng,n1,p\nh,n1,p\n"},
        "fare_leg_rules.txt:3: fare_product_id: duplicate primary key ('n1', None, None,"
        " None, None, 'p') (first on line 2)",
    ),
    (
        "negative priority",
        {"fare_leg_rules": "leg_group_id,fare_product_id,rule_priority\ng,p,-1\n"},
        "fare_leg_rules.txt:2: rule_priority: must be at least 0, got -1",
    ),
    (
        "overlap",
        {"timeframes": BASE["timeframes"] + "am,08:59:59,10:00:00,wk\n"},
        "timeframes.txt:3: start_time: overlaps line 2 of timeframe 'am' on service 'wk'",
    ),
    (
        "after midnight",
        {"timeframes": "timeframe_group_id,start_time,end_time,service_id\nam,23:00:00,25:00:00,wk\n"},
        "timeframes.txt:2: end_time: local time after 24:00:00 is not allowed: '25:00:00'",
    ),
    (
        "start without end",
        {"timeframes": "timeframe_group_id,start_time,end_time,service_id\nam,06:00:00,,wk\n"},
        "timeframes.txt:2: end_time: start_time and end_time must be given together",
    ),
    (
        "unknown service",
        {"timeframes": "timeframe_group_id,start_time,end_time,service_id\nam,,,nope\n"},
        "timeframes.txt:2: service_id: unknown service 'nope'",
    ),
    (
        "count required",
        {"fare_transfer_rules": "from_leg_group_id,to_leg_group_id,fare_transfer_type\ng,g,0\n"},
        "fare_transfer_rules.txt:2: transfer_count: required when from_leg_group_id equals to_leg_group_id",
    ),
    (
        "limit type",
        {
            "fare_transfer_rules": "from_leg_group_id,to_leg_group_id,transfer_count,duration_limit,"
            "fare_transfer_type\ng,g,1,600,0\n"
        },
        "fare_transfer_rules.txt:2: duration_limit_type: required exactly when duration_limit is given",
    ),
    (
        "transfer type",
        {
            "fare_transfer_rules": "from_leg_group_id,to_leg_group_id,transfer_count,fare_transfer_type\n"
            "g,g,1,3\n"
        },
        "fare_transfer_rules.txt:2: fare_transfer_type: value 3 is not allowed",
    ),
    (
        "zero count",
        {
            "fare_transfer_rules": "from_leg_group_id,to_leg_group_id,transfer_count,fare_transfer_type\n"
            "g,g,0,0\n"
        },
        "fare_transfer_rules.txt:2: transfer_count: must be -1 or at least 1, got 0",
    ),
    (
        "unknown leg group",
        {"fare_transfer_rules": "from_leg_group_id,to_leg_group_id,fare_transfer_type\ng,x,0\n"},
        "fare_transfer_rules.txt:2: to_leg_group_id: unknown leg group (fare_leg_rules.leg_group_id) 'x'",
    ),
    (
        "networks both ways",
        {"networks": "network_id,network_name\nn1,Net\n"},
        "routes.txt:1: network_id: routes.network_id is forbidden when networks.txt"
        " exists (use one way to name networks)",
    ),
    (
        "calendar date",
        {"calendar": BASE["calendar"].replace("20261231", "20261331")},
        "calendar.txt:2: end_date: not a valid date: '20261331'",
    ),
    (
        "media type",
        {"fare_media": "fare_media_id,fare_media_name,fare_media_type\ncard,Card,7\n"},
        "fare_media.txt:2: fare_media_type: value 7 is not allowed",
    ),
    (
        "join stops",
        {"fare_leg_join_rules": "from_network_id,to_network_id,from_stop_id\nn1,n1,s1\n"},
        "fare_leg_join_rules.txt:2: to_stop_id: from_stop_id and to_stop_id must be given together",
    ),
    (
        "validity type",
        {"x_fare_product_validity": "fare_product_id,validity_type,duration_days\np,forever,\n"},
        "x_fare_product_validity.txt:2: validity_type: unknown validity type 'forever'"
        " (expected one of operating_day,"
        " from_activation, from_issue, calendar_month)",
    ),
    (
        "validity days",
        {"x_fare_product_validity": "fare_product_id,validity_type,duration_days\np,from_issue,\n"},
        "x_fare_product_validity.txt:2: duration_days: required for validity_type from_issue",
    ),
    (
        "cap period",
        {"x_fare_caps": "cap_id,network_id,period,amount,currency\nc,n1,year,30000,VND\n"},
        "x_fare_caps.txt:2: period: unknown period 'year' (expected one of day,"
        " week_rolling, month_calendar)",
    ),
    (
        "cap rows disagree",
        {
            "x_fare_caps": "cap_id,network_id,leg_group_id,period,amount,currency\n"
            "c,n1,,day,30000,VND\nc,,g,day,40000,VND\n"
        },
        "x_fare_caps.txt:3: cap_id: rows of cap 'c' must agree on period, amount,"
        " currency, category and media",
    ),
]


@pytest.mark.parametrize(("case", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_is_reported_with_file_line_and_field(
    case: str, changes: dict[str, str | None], expected: str
) -> None:
    errors, _ = problems(**changes)
    assert expected in errors, (case, errors)


def test_all_problems_are_collected_at_once() -> None:
    errors, _ = problems(
        stops=BASE["stops"] + "s2,Again,0,\n",
        fare_products="fare_product_id,amount,currency\np,8000.5,VND\n",
        timeframes=BASE["timeframes"] + "am,07:00:00,08:00:00,wk\n",
    )
    assert {e.split(":")[0] for e in errors} >= {"stops.txt", "fare_products.txt", "timeframes.txt"}


def test_warnings_do_not_block_loading() -> None:
    errors, warnings = problems(
        fare_media="fare_media_id,fare_media_type\ncard,2\n",
        fare_products="fare_product_id,rider_category_id,amount,currency\np,kid,0,VND\n",
    )
    assert errors == []
    assert (
        "fare_media.txt:2: fare_media_name: should name the card or app riders know (fare_media_type 2 or 4)"
        in (warnings)
    )
    assert (
        "fare_products.txt:2: rider_category_id: product 'p' has no default rider"
        " category among its categories" in (warnings)
    )


def test_unknown_columns_are_ignored_and_bom_tolerated() -> None:
    data = files(
        "Asia/Ho_Chi_Minh",
        **{**BASE, "fare_products": "fare_product_id,amount,currency,x_colour\np,8000,VND,red\n"},
    )
    data["stops.txt"] = (
        "\ufeffstop_id,stop_name,location_type,parent_station,wheelchair\nst,Ga Cát Linh,1,,1\n"
        "s1,Sân ga,0,st,\ns2,Hai,0,,\n".encode()
    )
    feed, report = build_feed(data)
    assert report.errors == ()
    assert feed is not None
    assert feed.stops["st"].name == "Ga Cát Linh"
    assert feed.areas_of_stop("s1") == frozenset({"z1"})


def test_networks_from_networks_files() -> None:
    errors, _ = problems(
        routes="route_id,agency_id,route_type\nr1,A,3\n",
        networks="network_id,network_name\nn1,Net\n",
        route_networks="network_id,route_id\nn1,r1\nn1,r1\n",
    )
    assert errors == ["route_networks.txt:3: route_id: duplicate primary key 'r1' (first on line 2)"]


def test_load_feed_raises_with_every_error(tmp_path: Path) -> None:
    for name, text in files("Asia/Ho_Chi_Minh", **{**BASE, "stops": "stop_id\ns1\ns1\n"}).items():
        (tmp_path / name).write_bytes(text)
    with pytest.raises(FeedError) as exc:
        load_feed(tmp_path)
    first = str(exc.value.problems[0])
    assert first == "stops.txt:3: stop_id: duplicate primary key 's1' (first on line 2)"
    assert check_feed(tmp_path).errors == exc.value.report.errors


def test_zip_with_a_folder_loads_like_the_directory() -> None:
    hanoi = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for f in [*hanoi.glob("*.txt"), *hanoi.glob("*.geojson")]:
            archive.writestr(f"hanoi/{f.name}", f.read_bytes())
        archive.writestr("hanoi/README.md", "not a table")
    feed = load_feed_bytes(buf.getvalue())
    assert feed.agencies == load_feed(hanoi).agencies
    assert len(feed.leg_rules) == 536
