"""Fare-feed uploads: a zip bomb is refused from its directory, before anything is inflated, and
an import runs off the event loop so health checks keep answering while it works."""

from __future__ import annotations

import asyncio
import io
import struct
import time
import zipfile
import zlib

import httpx
import pytest

from tests.factories import bearer, make_staff, staff_token
from tests.support.tickets import HANOI
from ticketing.runtime import Runtime
from ticketing.service import fare_catalog

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    fare_catalog._feed_cache.clear()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """Eight entries of 63 MiB of zeros each (under the per-file bound): 504 MiB unpacked.

    Written by hand so the 63 MiB are deflated once and the same stream is stored eight times."""
    size = 63 * MIB
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = deflater.compress(bytes(size)) + deflater.flush()
    crc = zlib.crc32(bytes(size))
    out, central = io.BytesIO(), io.BytesIO()
    for i in range(8):
        name = f"stop_times_{i}.txt".encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), size,
                              len(name), 0) + name + stream)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(stream),
                                  size, len(name), 0, 0, 0, 0, 0, offset) + name)
    directory = central.getvalue()
    out.write(directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 8, 8, len(directory), out.tell(), 0))
    return out.getvalue()


async def admin_headers(runtime: Runtime) -> dict[str, str]:
    return bearer(staff_token(runtime, await make_staff(runtime, "quan-tri", role="admin")))


@pytest.mark.slow  # deflating the 63 MiB once takes seconds
async def test_zip_bomb_is_refused_quickly(
    client: httpx.AsyncClient, runtime: Runtime, zip_bomb: bytes
) -> None:
    assert len(zip_bomb) < 2 * MIB
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as archive:  # a well-formed zip: it would unpack
        assert [i.file_size for i in archive.infolist()] == [63 * MIB] * 8
    headers = await admin_headers(runtime)
    started = time.perf_counter()
    response = await client.post(
        "/v1/ops/fares/feeds", files={"file": ("bomb.zip", zip_bomb)}, headers=headers
    )
    elapsed_s = time.perf_counter() - started
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "feed_unpacked_too_large"
    assert elapsed_s < 2.0  # decided from the zip's directory: nothing was inflated


async def test_zip_with_too_many_entries_is_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for i in range(101):
            archive.writestr(f"x_{i}.txt", b"a,b\n1,2\n")
    headers = await admin_headers(runtime)
    response = await client.post("/v1/ops/fares/feeds", files={"file": ("many.zip", buf.getvalue())},
                                 headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "feed_too_many_entries"


def heavy_hanoi_zip(extra_stops: int) -> bytes:
    """The Hanoi feed plus many extra stops: valid, and slow enough to parse to be measured."""
    files = {p.name: p.read_bytes() for p in [*HANOI.glob("*.txt"), *HANOI.glob("*.geojson")]}
    columns = files["stops.txt"].split(b"\n", 1)[0].count(b",")
    padding = "," * (columns - 3)
    files["stops.txt"] = files["stops.txt"].rstrip(b"\r\n") + b"\n" + "".join(
        f"X{i},Extra stop {i},21.0{i % 1000:03d},105.8{i % 997:03d}{padding}\n" for i in range(extra_stops)
    ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buf.getvalue()


@pytest.mark.slow
async def test_health_checks_answer_during_an_import(client: httpx.AsyncClient, runtime: Runtime) -> None:
    headers = await admin_headers(runtime)
    feed = heavy_hanoi_zip(60_000)
    started = time.perf_counter()
    upload = asyncio.create_task(
        client.post("/v1/ops/fares/feeds", files={"file": ("heavy.zip", feed)}, headers=headers)
    )
    latencies_s: list[float] = []
    while not upload.done():
        asked = time.perf_counter()
        # The ASGI transport never waits on a socket: hand the loop to the upload explicitly (a
        # blocking import would hold it here, and this health check would measure that).
        await asyncio.sleep(0)
        assert (await client.get("/healthz")).status_code == 200
        latencies_s.append(time.perf_counter() - asked)
    response = await upload
    import_s = time.perf_counter() - started
    assert response.status_code == 201, response.text
    assert response.json()["valid"] is True
    # Had the import blocked the loop, the first health check would have waited for all of it
    # (and there would be one or two checks, not several). A shared CI machine can stall the loop
    # for a while even so, hence the generous bound: what fails it is a blocking import.
    assert len(latencies_s) >= 3
    assert max(latencies_s) < import_s * 0.9, (max(latencies_s), import_s)
