"""Rider API limits. Not environment settings: policy constants reviewed like code."""

from __future__ import annotations

REGISTER_PER_IP_PER_HOUR = 20
REGISTER_PER_LOGIN_PER_HOUR = 10
LOGIN_PER_LOGIN_PER_MINUTE = 10
LOGIN_PER_IP_PER_MINUTE = 30
REFRESH_PER_IP_PER_MINUTE = 60
PASSWORD_CHANGE_PER_RIDER_PER_HOUR = 10
ORDERS_PER_RIDER_PER_MINUTE = 30
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100
# Lifetime of a refresh token (one rotation step); read from runtime.ports when wired.
REFRESH_TTL_S_DEFAULT = 30 * 24 * 3600
