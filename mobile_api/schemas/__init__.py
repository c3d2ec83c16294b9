"""Request and response bodies of the rider API (separate from the ORM models)."""
