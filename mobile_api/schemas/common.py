"""Shared body pieces: strict request base and paging."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from ticketing.core.clock import HANOI_TZ


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _in_hanoi_time(value: datetime) -> datetime:
    return value.astimezone(HANOI_TZ)


# Riders read times in Asia/Ho_Chi_Minh: every time the rider API returns carries +07:00.
LocalTime = Annotated[datetime, AfterValidator(_in_hanoi_time)]
