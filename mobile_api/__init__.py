"""Rider-facing HTTP API (the back end of the mobile app)."""
