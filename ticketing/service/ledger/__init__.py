"""Ledger use cases: posting transfers, the business posting rules, balances and reports."""
