"""Rider API routers, one per resource."""
