"""Reading a GTFS feed's files from a directory, a zip file or zip bytes, and parsing its CSVs.

A source is a mapping of file name (``stops.txt``) to raw bytes. Files may sit at the root of the
zip or inside one folder. UTF-8 with or without a BOM; unknown columns are kept but never used.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ticketing.fares.problems import ProblemSink

FeedFiles = Mapping[str, bytes]

MAX_FILE_BYTES = 64 * 1024 * 1024


class FeedSourceError(ValueError):
    """The path or archive cannot be read as a feed at all."""


class FeedTooLarge(FeedSourceError):
    """The archive holds more than its bounds allow; ``code`` says which bound."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ZipBounds:
    """What an uploaded zip may hold, checked on its central directory before anything is
    inflated (``zipfile`` then refuses an entry that inflates past its declared size)."""

    entries_max: int = 100
    total_bytes_max: int = 200 * 1024 * 1024
    file_bytes_max: int = MAX_FILE_BYTES

    def check(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > self.entries_max:
            raise FeedTooLarge("feed_too_many_entries", f"the zip holds more than {self.entries_max} entries")
        total = 0
        for info in infos:
            if info.file_size > self.file_bytes_max:
                raise FeedTooLarge(
                    "feed_unpacked_too_large", f"{info.filename} is larger than {self.file_bytes_max} bytes"
                )
            total += info.file_size
            if total > self.total_bytes_max:
                raise FeedTooLarge(
                    "feed_unpacked_too_large", f"the zip unpacks to more than {self.total_bytes_max} bytes"
                )


def read_source(path: Path) -> dict[str, bytes]:
    """The ``.txt`` files of a feed directory or zip file."""
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.suffix == ".txt" and p.is_file()}
    if path.is_file():
        return zip_files(path.read_bytes())
    raise FeedSourceError(f"no feed at {path}: not a directory or zip file")


def zip_files(data: bytes, bounds: ZipBounds | None = None) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FeedSourceError("not a zip archive") from None
    files: dict[str, bytes] = {}
    with archive:
        infos = archive.infolist()
        (bounds or ZipBounds()).check(infos)
        for info in infos:
            if info.is_dir() or not info.filename.endswith(".txt"):
                continue
            parts = info.filename.split("/")
            if len(parts) > 2 or parts[-1].startswith("."):
                continue
            try:
                files.setdefault(parts[-1], archive.read(info))
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
                raise FeedSourceError(f"{info.filename}: {exc}") from None
    return files


def to_zip(files: FeedFiles) -> bytes:
    """A deterministic zip of the files (sorted names, fixed timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buf.getvalue()


def content_hash(files: FeedFiles) -> str:
    """SHA-256 over the sorted file names and contents: the same feed as a dir or a zip hashes alike."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    present: bool = True

    def has(self, column: str) -> bool:
        return column in self.columns

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def parse_table(files: FeedFiles, name: str, sink: ProblemSink) -> Table:
    raw = files.get(name)
    if raw is None:
        return Table(name, (), (), present=False)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        sink.error(name, 0, "*", f"not UTF-8 text (byte {exc.start})")
        return Table(name, (), ())
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        sink.error(name, 1, "*", f"unreadable CSV header: {exc}")
        return Table(name, (), ())
    if header is None:
        sink.error(name, 1, "*", "file is empty (no header)")
        return Table(name, (), ())
    columns = tuple(h.strip() for h in header)
    rows: list[Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                sink.warn(name, line, "*", f"{len(record)} values for {len(columns)} columns")
            values = {col: (record[i].strip() if i < len(record) else "") for i, col in enumerate(columns)}
            rows.append(Row(line, values))
    except csv.Error as exc:
        sink.error(name, reader.line_num, "*", f"unreadable CSV: {exc}")
    return Table(name, columns, tuple(rows))
