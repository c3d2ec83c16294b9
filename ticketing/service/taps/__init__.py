"""Taps from readers: ingest (idempotent batches), processing, journeys, exceptions, gaps."""
