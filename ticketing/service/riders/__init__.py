"""Rider use cases: accounts and refresh-token families, concessions, orders, wallet, refunds."""
