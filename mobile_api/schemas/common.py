"""Shared body pieces: strict request base and paging."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
