"""Operator settlement statements: the document, its CSV and its content hash (pure)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ticketing.ledger.apportion import fee_minor

FARE_CODES = ("ride", "wallet_charge")
PASS_CODES = ("pass_apportion",)


@dataclass(frozen=True, slots=True)
class StatementLine:
    transfer_id: str
    code: str
    ticket_id: str | None
    reference: str | None
    amount_minor: int


@dataclass(frozen=True, slots=True)
class Statement:
    operator_id: str
    service_date: date
    currency: str
    document: dict[str, Any]
    csv_text: str
    content_hash: str

    @property
    def net_owed_minor(self) -> int:
        return int(self.document["net_owed_minor"])


def canonical_json(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build_statement(
    *, operator_id: str, service_date: date, currency: str, rides: int,
    lines: Sequence[StatementLine], clearing_fee_bps: int, settlement_transfer_ids: Sequence[str],
    free_rides: Mapping[str, int] | None = None,
) -> Statement:
    """Sum the day's lines; the clearing fee is taken from the gross, the rest is owed."""
    ordered = sorted(lines, key=lambda line: line.transfer_id)
    fares = sum(line.amount_minor for line in ordered if line.code in FARE_CODES)
    passes = sum(line.amount_minor for line in ordered if line.code in PASS_CODES)
    gross = fares + passes
    fee = fee_minor(gross, clearing_fee_bps)
    document: dict[str, Any] = {
        "operator_id": operator_id,
        "service_date": service_date.isoformat(),
        "currency": currency,
        "rides": rides,
        "recognised_fares_minor": fares,
        "apportioned_pass_revenue_minor": passes,
        "gross_minor": gross,
        "clearing_fee_bps": clearing_fee_bps,
        "clearing_fee_minor": fee,
        "net_owed_minor": gross - fee,
        "settlement_transfers": list(settlement_transfer_ids),
        "lines": [
            {"transfer_id": line.transfer_id, "code": line.code, "ticket_id": line.ticket_id,
             "reference": line.reference, "amount_minor": line.amount_minor}
            for line in ordered
        ],
    }
    if free_rides:  # the city's subsidy: CCCD free rides by rider category (absent when none)
        document["cccd_free_rides"] = dict(sorted(free_rides.items()))
    content_hash = hashlib.sha256(canonical_json(document).encode()).hexdigest()
    return Statement(operator_id, service_date, currency, document, _csv(document), content_hash)


def _csv(document: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["record", "transfer_id", "code", "ticket_id", "reference", "amount_minor"])
    for line in document["lines"]:
        writer.writerow(["line", line["transfer_id"], line["code"], line["ticket_id"] or "",
                         line["reference"] or "", line["amount_minor"]])
    for key in ("rides", "recognised_fares_minor", "apportioned_pass_revenue_minor", "gross_minor",
                "clearing_fee_minor", "net_owed_minor"):
        writer.writerow(["total", "", key, "", "", document[key]])
    for category, count in document.get("cccd_free_rides", {}).items():
        writer.writerow(["cccd_free_rides", "", category, "", "", count])
    return out.getvalue()
